"""The backup archive: one gzipped tar whose last member is a checksum manifest.

Members, in this order:

* ``database.sqlite3`` or ``database.pgdump``: the database (``database.py``);
* ``keys.json``: the ids of the encryption and audit keys configured, never the keys;
* ``files/<path>``: the private file store as it is (sealed files stay encrypted);
* ``MANIFEST.json``: the format and its version, the database vendor, the latest migration
  of each app, when it was made, and the sha256 and size of every other member.

The manifest comes last so each member is hashed as it is written: a file that changes
while the archive is made cannot leave a checksum that does not match. Reading unpacks
every member into a staging folder while hashing it and compares the lot with the
manifest before anything of the instance is touched (``unpack_verified``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "dueregard-backup"
FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
KEYS = "keys.json"
FILES = "files/"
#: The database member's name for each vendor Django reports (``connection.vendor``).
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is not a usable backup: the message says why, for the operator."""


@dataclass(frozen=True)
class Member:
    sha256: str
    size: int


@dataclass
class Manifest:
    vendor: str
    migrations: dict[str, str]
    created_at: str
    members: dict[str, Member] = field(default_factory=dict)

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.vendor]

    @property
    def files(self) -> list[str]:
        """The private store's files, as paths relative to its root."""
        return sorted(name[len(FILES) :] for name in self.members if name.startswith(FILES))

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "database_vendor": self.vendor,
            "migrations": self.migrations,
            "members": {
                name: {"sha256": m.sha256, "size": m.size}
                for name, m in sorted(self.members.items())
            },
        }
        return json.dumps(document, indent=2, sort_keys=True).encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    """The manifest in ``data``; ``ArchiveError`` for anything malformed or unknown."""
    try:
        document = json.loads(data)
        if document.get("format") != FORMAT:
            raise ArchiveError("This is not a dueregard backup (its manifest names no format).")
        if document.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(
                f"The archive is format version {document.get('format_version')!r}; this "
                f"version of dueregard reads version {FORMAT_VERSION}."
            )
        vendor = document["database_vendor"]
        if vendor not in DATABASE_MEMBERS:
            raise ArchiveError(f"The archive names an unknown database vendor {vendor!r}.")
        manifest = Manifest(
            vendor=vendor,
            migrations={str(k): str(v) for k, v in document["migrations"].items()},
            created_at=str(document["created_at"]),
            members={
                str(name): Member(sha256=str(m["sha256"]), size=int(m["size"]))
                for name, m in document["members"].items()
            },
        )
    except ArchiveError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveError("The archive's manifest is damaged (not the expected JSON).") from None
    for name in manifest.members:
        _check_member_name(name, manifest.vendor)
    for required in (KEYS, manifest.database_member):
        if required not in manifest.members:
            raise ArchiveError(f"The archive's manifest lists no {required}.")
    return manifest


def _check_member_name(name: str, vendor: str) -> None:
    if name in (KEYS, DATABASE_MEMBERS[vendor]):
        return
    path = PurePosixPath(name)
    if (
        name.startswith(FILES)
        and not path.is_absolute()
        and len(path.parts) > 1
        and all(part not in ("", ".", "..") for part in path.parts)
        and "\\" not in name
    ):
        return
    raise ArchiveError(f"The archive names a member it may not hold: {name!r}.")


class _HashingReader:
    """Reads a file for ``tarfile`` and hashes exactly what it hands over."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def write_archive(
    output: Path, manifest: Manifest, sources: Iterable[tuple[str, Path]], keys: bytes
) -> Manifest:
    """Write the archive to ``output`` (mode 0600), all or nothing.

    ``sources`` are (member name, file on disk): the database dump first, then the store's
    files. The archive is written beside ``output`` under a temporary name and renamed into
    place only when complete; ``output`` must not exist.
    """
    if output.exists():
        raise ArchiveError(f"{output} already exists; choose another --output.")
    partial = output.with_name(f".{output.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                for name, path in sources:
                    with path.open("rb") as handle:
                        info = _member_info(name, os.fstat(handle.fileno()).st_size)
                        reader = _HashingReader(handle)
                        tar.addfile(info, fileobj=reader)
                    manifest.members[name] = Member(reader.digest.hexdigest(), reader.size)
                _add_bytes(tar, KEYS, keys, manifest)
                document = manifest.to_json()
                tar.addfile(_member_info(MANIFEST, len(document)), io.BytesIO(document))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _member_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, manifest: Manifest) -> None:
    tar.addfile(_member_info(name, len(data)), io.BytesIO(data))
    manifest.members[name] = Member(hashlib.sha256(data).hexdigest(), len(data))


def unpack_verified(archive: Path, staging: Path) -> Manifest:
    """Unpack ``archive`` into ``staging`` and check every member against the manifest.

    Raises ``ArchiveError`` for a damaged, truncated or altered archive: a member whose
    checksum or size differs, one missing, one the manifest does not list, one that is not a
    plain file, or a compressed stream that does not end cleanly.
    """
    found: dict[str, Member] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            while (info := tar.next()) is not None:
                if manifest_bytes is not None:
                    raise ArchiveError("The archive has members after its manifest.")
                if not info.isfile():
                    raise ArchiveError(f"The archive holds {info.name!r}, which is not a file.")
                source = tar.extractfile(info)
                assert source is not None  # a regular file always has content
                if info.name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                if info.name in found:
                    raise ArchiveError(f"The archive holds {info.name!r} twice.")
                found[info.name] = _unpack_member(info.name, source, staging)
            # Read to the end so gzip checks its length and CRC of the whole stream.
            assert tar.fileobj is not None
            while tar.fileobj.read(_CHUNK):
                pass
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise ArchiveError(
            f"The archive is damaged or truncated and cannot be read ({type(error).__name__})."
        ) from None
    if manifest_bytes is None:
        raise ArchiveError("The archive has no manifest: it is truncated or not a backup.")
    manifest = parse_manifest(manifest_bytes)
    for name, expected in manifest.members.items():
        if name not in found:
            raise ArchiveError(f"The archive is missing {name!r}, which its manifest lists.")
        if found[name] != expected:
            raise ArchiveError(f"{name!r} does not match its checksum: the archive was altered.")
    extra = sorted(set(found) - set(manifest.members))
    if extra:
        raise ArchiveError(f"The archive holds {extra[0]!r}, which its manifest does not list.")
    return manifest


def _unpack_member(name: str, source: IO[bytes], staging: Path) -> Member:
    if name != KEYS and not name.startswith(FILES) and name not in DATABASE_MEMBERS.values():
        raise ArchiveError(f"The archive holds a member it may not hold: {name!r}.")
    _check_member_name(name, "sqlite" if name.endswith(".sqlite3") else "postgresql")
    target = staging / name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return Member(digest.hexdigest(), size)


def read_keys(staging: Path) -> dict[str, Any]:
    """``keys.json`` from a verified staging folder."""
    try:
        keys: dict[str, Any] = json.loads((staging / KEYS).read_bytes())
        return keys
    except ValueError:
        raise ArchiveError("keys.json is not valid JSON.") from None
