import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kencana.core.uploads import check_file

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 32


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_names_the_type_found_in_the_content():
    kind = check_file(name="sk.pdf", size=len(PDF), head=PDF, accepted=["application/pdf", "image/png"])
    assert (kind.mime, kind.extension) == ("application/pdf", "pdf")


def test_a_name_does_not_make_a_type():
    html = b"<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError, match=r"sk\.pdf is not one of the accepted types \(PDF, PNG\)"):
        check_file(name="sk.pdf", size=len(html), head=html, accepted=["application/pdf", "image/png"])


def test_an_accepted_type_elsewhere_is_refused_here():
    with pytest.raises(ValidationError, match="accepted types"):
        check_file(name="foto.png", size=len(PNG), head=PNG, accepted=["application/pdf"])


def test_empty_and_too_large_files_are_refused_with_the_field_named(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="pdf is empty") as empty:
        check_file(name="kosong.pdf", size=0, head=b"", accepted=["application/pdf"], field="file")
    assert empty.value.message_dict == {"file": ["kosong.pdf is empty."]}
    with pytest.raises(ValidationError, match="larger than"):
        check_file(name="besar.pdf", size=len(PDF), head=PDF, accepted=["application/pdf"])
