"""Checking uploaded files by what they contain, and cleaning images before they are kept.

A file's name and the browser's content type are the uploader's word; what is stored is
decided by the bytes. ``inspect_upload`` reads the file once, finds its kind from its
content (PDF, PNG, JPEG, Word .docx, UTF-8 plain text), checks the name's ending agrees,
and refuses anything else with a message for the form. ``strip_metadata`` re-encodes
images without EXIF, GPS, XMP, comments or text chunks (a phone photo carries where and
when it was taken, and on what device).

Limits guard the server against files built to exhaust it: a cap on an image's pixels
(decompression bombs) and on a .docx's entry count and unpacked size (zip bombs).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from dueregard.core.errors import DomainError

#: Largest image accepted, in pixels (a 48-megapixel phone photo is 48,000,000). An image
#: is decoded in full to clean it, at 3-4 bytes a pixel.
MAX_IMAGE_PIXELS = 50_000_000
#: A .docx is a zip: cap its entries and the sum of their unpacked sizes. Real documents
#: have tens of entries and rarely unpack past a few times their size.
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_UNPACKED_BYTES = 100 * 1024 * 1024
#: [Content_Types].xml is a short list; a larger one is not a document we want to read.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
DOCX_MAIN_PART = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class FileKind:
    """A kind of file we accept: what it is stored and served as, and its name endings."""

    content_type: str
    suffixes: tuple[str, ...]
    described: str  # for messages: "The selected file ... is not {described}"


PDF = FileKind("application/pdf", (".pdf",), "a PDF")
PNG = FileKind("image/png", (".png",), "a PNG image")
JPEG = FileKind("image/jpeg", (".jpg", ".jpeg"), "a JPG image")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    "a Word document",
)
TEXT = FileKind("text/plain", (".txt",), "a plain text file")
KINDS = (PDF, PNG, JPEG, DOCX, TEXT)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content matched an accepted kind and its name. ``data`` is as sent."""

    kind: FileKind
    data: bytes

    @property
    def suffix(self) -> str:
        """The kind's own name ending, for the stored (random) name."""
        return self.kind.suffixes[0]


def inspect_upload(upload: UploadedFile, *, max_bytes: int) -> CheckedUpload:
    """Read ``upload`` and return its kind and bytes, or raise DomainError saying why not.

    Refused: more than ``max_bytes``, empty, a name ending we do not accept, content that
    is none of our kinds or not the kind the name says, a .docx past the zip limits, an
    image past ``MAX_IMAGE_PIXELS`` or that cannot be read.
    """
    limit_mb = max_bytes // (1024 * 1024)
    if upload.size is not None and upload.size > max_bytes:
        raise DomainError(f"Each file must be smaller than {limit_mb} MB")
    suffix = PurePath(upload.name or "").suffix.lower()
    if not any(suffix in kind.suffixes for kind in KINDS):
        allowed = ", ".join(sorted(s for kind in KINDS for s in kind.suffixes))
        raise DomainError(f"The file must be one of these types: {allowed}")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise DomainError(f"Each file must be smaller than {limit_mb} MB")
    if not data:
        raise DomainError("The selected file is empty")
    kind = detect_kind(data)
    if kind is None or suffix not in kind.suffixes:
        claimed = next(k for k in KINDS if suffix in k.suffixes)
        raise DomainError(
            f"The selected file ends in {suffix} but it is not {claimed.described}. "
            "Check you chose the right file"
        )
    if kind in (PNG, JPEG):
        _check_image(data, kind)
    return CheckedUpload(kind, data)


def detect_kind(data: bytes) -> FileKind | None:
    """The kind ``data`` is, judged by its content alone; None for anything else.

    A zip is a Word document only with the parts Word needs and no macros; raises
    DomainError for a zip past the entry or unpacked-size limits.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else None
    if _is_text(data):
        return TEXT
    return None


def strip_metadata(checked: CheckedUpload) -> bytes:
    """The bytes to keep: images re-encoded without metadata, other kinds as they came.

    A JPEG turned by its EXIF orientation is turned for real first, so it still shows
    the right way up once the EXIF is gone. Raises DomainError if the image cannot be
    decoded.
    """
    if checked.kind not in (PNG, JPEG):
        return checked.data
    with _open_image(checked.data) as image:
        try:
            image.load()
        except (OSError, ValueError, SyntaxError) as error:
            raise DomainError("The selected image could not be read. It may be damaged") from error
        if checked.kind is JPEG:
            return _clean_jpeg(image)
        return _clean_png(image)


def _clean_jpeg(image: Image.Image) -> bytes:
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    untouched = orientation in (None, 1) and image.format == "JPEG"
    if not untouched:
        image = ImageOps.exif_transpose(image)
    # Pillow writes no EXIF, XMP or ICC profile unless asked, but carries the comment over.
    image.info = {}
    out = io.BytesIO()
    if untouched:
        # Reuse the original quantisation: no second round of compression loss.
        image.save(out, format="JPEG", quality="keep", subsampling="keep")
    else:
        image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _clean_png(image: Image.Image) -> bytes:
    # Keep only what changes how the pixels look; text, EXIF, ICC and time chunks go.
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _open_image(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise DomainError("The selected image could not be read. It may be damaged") from error
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> DomainError:
    megapixels = MAX_IMAGE_PIXELS // 1_000_000
    return DomainError(f"The selected image must be smaller than {megapixels} megapixels")


def _check_image(data: bytes, kind: FileKind) -> None:
    expected = {"PNG"} if kind is PNG else {"JPEG", "MPO"}
    with _open_image(data) as image:
        if image.format not in expected:
            raise DomainError(f"The selected file is not {kind.described}")


def _is_docx(data: bytes) -> bool:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise DomainError("The selected Word document has too many parts to be checked")
        if sum(entry.file_size for entry in entries) > MAX_ZIP_UNPACKED_BYTES:
            raise DomainError("The selected Word document is too large when unpacked")
        names = {entry.filename for entry in entries}
        if not {"[Content_Types].xml", "word/document.xml"} <= names:
            return False
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return False  # macros: a .docm under another name
        content_types = archive.getinfo("[Content_Types].xml")
        if content_types.file_size > MAX_CONTENT_TYPES_BYTES or content_types.flag_bits & 0x1:
            return False
        try:
            # zipfile stops at the declared size, which was checked above.
            listing = archive.read(content_types)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError):
            return False
    return DOCX_MAIN_PART in listing


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
