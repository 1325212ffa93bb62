"""Word uploads are checked as zips before python-docx inflates anything (zip bombs)."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minutes import word_files
from minutes.models import Meeting


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def no_docx_parsing(monkeypatch):
    """Fails the test if python-docx is asked to open the upload."""

    def refuse(*args, **kwargs):
        raise AssertionError("python-docx was handed a file the zip check should have refused")

    monkeypatch.setattr(docx, "Document", refuse)


def _post(client, editor, data: bytes):
    client.force_login(editor)
    upload = SimpleUploadedFile("報道.docx", data)
    return client.post(reverse("admin:minutes_meeting_from_text"), {"file": upload})


@pytest.mark.django_db
def test_a_member_with_a_huge_compression_ratio_is_refused(client, editor, no_docx_parsing):
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(8 * 1024 * 1024)})
    assert len(data) < 100_000  # small on the wire …
    response = _post(client, editor, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "壓縮比異常" in body
    assert "word/document.xml" in body
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_too_much_uncompressed_data_in_total_is_refused(client, editor, no_docx_parsing):
    # Each member stays below the size the ratio rule looks at; together they pass 20 MB.
    part = bytes(word_files.RATIO_MIN_BYTES - 1)
    members = {f"word/part{n}.xml": part for n in range(21)}
    response = _post(client, editor, _zip(members))
    assert response.status_code == 200
    assert "解壓後有 20 MB，超過上限 20 MB" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_declared_size_is_believed_without_decompressing(client, editor, no_docx_parsing):
    # A member stored uncompressed whose directory entry claims 1 GB: refused on the claim alone.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    data = buffer.getvalue()
    small = (13).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")
    # The central directory's uncompressed size sits 24 bytes into the entry.
    assert data[central + 24 : central + 28] == small
    data = data[: central + 24] + (2**30).to_bytes(4, "little") + data[central + 28 :]
    response = _post(client, editor, data)
    assert "解壓後有 1024 MB" in response.content.decode()


@pytest.mark.django_db
def test_too_many_members_are_refused(client, editor, no_docx_parsing):
    members = {f"word/media/{n}.xml": b"<x/>" for n in range(word_files.MAX_MEMBERS + 1)}
    response = _post(client, editor, _zip(members))
    assert response.status_code == 200
    assert "超過上限 500" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_no_zip_gets_a_form_error(client, editor, no_docx_parsing):
    response = _post(client, editor, b"this is not a zip at all")
    assert response.status_code == 200
    assert "不是有效的 Word" in response.content.decode()


def test_an_ordinary_document_passes_the_check(tmp_path):
    document = docx.Document()
    for n in range(300):
        document.add_paragraph(f"第{n}段：後勤保障部召開工作會議，部署暑期維修任務。")
    path = tmp_path / "ok.docx"
    document.save(path)
    word_files.check_archive(path.read_bytes())
    assert "暑期維修" in word_files.docx_text(path.read_bytes())


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [10, 30, 60])
def test_a_truncated_zip_gets_a_form_error(client, editor, no_docx_parsing, cut):
    data = _zip({"word/document.xml": b"<w:document/>" * 50})
    response = _post(client, editor, data[:-cut])
    assert response.status_code == 200
    assert "不是有效的 Word" in response.content.decode()
