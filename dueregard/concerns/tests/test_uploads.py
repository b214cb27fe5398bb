"""Attachments are judged by their content, cleaned of image metadata, and served as downloads.

The checks live in ``dueregard.core.uploads``; these tests go through the concern services
(``validate_attachment``, ``raise_concern``) and the download view, as a reporter and the
DSL would.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image, PngImagePlugin

from conftest import login
from dueregard.concerns.models import Attachment
from dueregard.concerns.services import (
    NewConcern,
    raise_concern,
    read_attachment,
    validate_attachment,
)
from dueregard.core import uploads
from dueregard.core.errors import DomainError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GPS_LATITUDE = (51.0, 30.0, 12.5)  # somewhere a learner lives: must never be kept


@pytest.fixture
def private_root(settings, tmp_path: Path) -> Path:
    """Attachments go to a temporary private folder for the test."""
    root = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


def attach(teacher, learner, *uploaded: SimpleUploadedFile) -> list[Attachment]:
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now() - timedelta(hours=1),
            location="Library",
            narrative="Invented narrative for an upload test.",
            people=[learner],
            attachments=list(uploaded),
        ),
    )
    return list(concern.attachments.order_by("created_at"))


def stored_bytes(attachment: Attachment) -> bytes:
    """The attachment's kept bytes, decrypted as the download view reads them."""
    return read_attachment(attachment)


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Invented Phone Co"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2025:03:04 08:15:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    return exif


def png_with_metadata() -> bytes:
    image = Image.new("RGB", (40, 20), (29, 112, 184))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Robin Ashdown")
    text.add_text("Comment", "taken outside the mosque on Elm Road")
    out = io.BytesIO()
    image.save(out, format="PNG", exif=phone_exif(), pnginfo=text)
    return out.getvalue()


def jpeg_with_metadata(orientation: int = 1) -> bytes:
    image = Image.new("RGB", (40, 20), (202, 53, 53))
    out = io.BytesIO()
    image.save(
        out,
        format="JPEG",
        exif=phone_exif(orientation),
        comment=b"Robin Ashdown, Elm Road",
        quality=95,
    )
    return out.getvalue()


def docx(*, extra: dict[str, bytes] | None = None, main_type: str = "") -> bytes:
    main_type = main_type or (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships/>',
        "word/document.xml": b'<?xml version="1.0"?><w:document><w:body/></w:document>',
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels: all a decompression bomb needs."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


# --- Images lose their metadata -----------------------------------------------------------


def test_a_png_photo_is_kept_without_its_exif_gps_or_text(private_root, teacher, learner):
    original = png_with_metadata()
    assert b"eXIf" in original
    assert b"Robin Ashdown" in original

    (attachment,) = attach(teacher, learner, SimpleUploadedFile("playground.png", original))

    stored = stored_bytes(attachment)
    assert b"eXIf" not in stored
    assert b"tEXt" not in stored
    assert b"Robin Ashdown" not in stored
    assert b"Invented Phone Co" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert dict(image.getexif()) == {}
        assert "Author" not in image.info
        assert image.size == (40, 20)
        assert image.getpixel((5, 5)) == (29, 112, 184)
    assert attachment.content_type == "image/png"
    assert attachment.size == len(stored)


def test_a_jpeg_photo_is_kept_without_exif_or_comment_and_the_right_way_up(
    private_root, teacher, learner
):
    # Orientation 6: the camera was turned, and only EXIF said so.
    original = jpeg_with_metadata(orientation=6)
    assert b"Exif" in original
    assert b"Robin Ashdown" in original

    (attachment,) = attach(teacher, learner, SimpleUploadedFile("IMG_0042.JPEG", original))

    stored = stored_bytes(attachment)
    assert b"Exif" not in stored
    assert b"Robin Ashdown" not in stored
    assert b"Invented Phone Co" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
        assert image.size == (20, 40)  # turned for real
    assert attachment.file.name.endswith(".jpg")
    assert attachment.content_type == "image/jpeg"


def test_an_upright_jpeg_keeps_its_pixels(private_root, teacher, learner):
    (attachment,) = attach(teacher, learner, SimpleUploadedFile("photo.jpg", jpeg_with_metadata()))

    with Image.open(io.BytesIO(stored_bytes(attachment))) as image:
        assert image.size == (40, 20)
        red, green, blue = image.getpixel((20, 10))  # type: ignore[misc]
        assert red > 180 and green < 80 and blue < 80


# --- The content decides, not the name ----------------------------------------------------


def test_a_png_that_is_really_html_is_refused():
    upload = SimpleUploadedFile(
        "photo.png", b"<!doctype html><script>alert(1)</script>", content_type="image/png"
    )

    with pytest.raises(DomainError, match=r"ends in \.png but it is not a PNG image"):
        validate_attachment(upload)


@pytest.mark.parametrize("name", ["statement.pdf", "statement.txt", "photo.jpg", "notes.docx"])
def test_a_renamed_program_is_refused(name):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"

    with pytest.raises(DomainError, match="but it is not"):
        validate_attachment(SimpleUploadedFile(name, program))


def test_a_pdf_named_as_a_photo_is_refused():
    with pytest.raises(DomainError, match=r"ends in \.jpg but it is not a JPG image"):
        validate_attachment(SimpleUploadedFile("photo.jpg", b"%PDF-1.7 invented"))


def test_a_png_header_with_nothing_readable_after_it_is_refused():
    with pytest.raises(DomainError, match="could not be read"):
        validate_attachment(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nnot really"))


def test_the_browser_content_type_is_ignored(private_root, teacher, learner):
    upload = SimpleUploadedFile("notes.txt", b"Said at break.", content_type="text/html")

    (attachment,) = attach(teacher, learner, upload)

    assert attachment.content_type == "text/plain"
    assert stored_bytes(attachment) == b"Said at break."


def test_a_word_document_is_accepted_as_it_came(private_root, teacher, learner):
    original = docx()

    (attachment,) = attach(teacher, learner, SimpleUploadedFile("Statement.docx", original))

    assert attachment.content_type == DOCX_TYPE
    assert attachment.file.name.endswith(".docx")
    assert stored_bytes(attachment) == original


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(docx(extra={"word/vbaProject.bin": b"\x00macro"}), id="with-macros"),
        pytest.param(
            docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            id="macro-enabled-type",
        ),
        pytest.param(
            docx(main_type="application/vnd.openxmlformats-officedocument.spreadsheetml.x"),
            id="not-word",
        ),
        pytest.param(b"PK\x03\x04 not a zip at all", id="broken-zip"),
    ],
)
def test_a_zip_that_is_not_a_plain_word_document_is_refused(content):
    with pytest.raises(DomainError, match=r"ends in \.docx but it is not a Word document"):
        validate_attachment(SimpleUploadedFile("statement.docx", content))


def test_a_zip_bomb_named_docx_is_refused():
    # Over 100 MiB of zeros packs into a few hundred KB.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", docx_content_types())
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = b"\x00" * (1024 * 1024)
            for _ in range(uploads.MAX_ZIP_UNPACKED_BYTES // len(zeros) + 1):
                part.write(zeros)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024

    with pytest.raises(DomainError, match="too large when unpacked"):
        validate_attachment(SimpleUploadedFile("statement.docx", bomb))


def test_a_docx_with_thousands_of_parts_is_refused():
    many = {f"word/media/p{i}.xml": b"" for i in range(uploads.MAX_ZIP_ENTRIES)}

    with pytest.raises(DomainError, match="too many parts"):
        validate_attachment(SimpleUploadedFile("statement.docx", docx(extra=many)))


def docx_content_types() -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx())) as archive:
        return archive.read("[Content_Types].xml")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"Said at break.\x00\x00hidden", id="nul-bytes"),
        pytest.param("Said at break in café".encode("latin-1"), id="not-utf8"),
    ],
)
def test_text_that_is_not_utf8_text_is_refused(content):
    with pytest.raises(DomainError, match=r"ends in \.txt but it is not a plain text file"):
        validate_attachment(SimpleUploadedFile("notes.txt", content))


def test_utf8_text_with_a_byte_order_mark_is_accepted():
    assert validate_attachment(SimpleUploadedFile("n.txt", "\ufeffCafé".encode())) == "text/plain"


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="The selected file is empty"):
        validate_attachment(SimpleUploadedFile("notes.txt", b""))


# --- Size limits --------------------------------------------------------------------------


def test_an_oversize_file_is_refused_even_when_it_is_the_right_kind(settings):
    settings.MAX_ATTACHMENT_BYTES = 1024 * 1024

    with pytest.raises(DomainError, match="Each file must be smaller than 1 MB"):
        validate_attachment(SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"0" * 1024 * 1024))


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(10_000, 6_000, id="over-our-limit"),
        pytest.param(30_000, 30_000, id="over-pillows-limit"),
    ],
)
def test_an_image_claiming_too_many_pixels_is_refused(width, height):
    bomb = png_header_only(width, height)

    with pytest.raises(DomainError, match="smaller than 50 megapixels"):
        validate_attachment(SimpleUploadedFile("photo.png", bomb))


# --- Download -----------------------------------------------------------------------------


def test_an_attachment_downloads_as_a_file_never_rendered(
    client, private_root, dsl, teacher, learner
):
    (attachment,) = attach(
        teacher,
        learner,
        SimpleUploadedFile("notes.txt", b"<script>alert(1)</script>", content_type="text/html"),
    )
    login(client, dsl)

    response = client.get(reverse("concerns:attachment", args=[attachment.public_id]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
