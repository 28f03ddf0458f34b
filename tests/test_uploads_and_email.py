"""Uploads are limited to images of known types and a size; without e-mail the admin does not offer a
password reset it cannot send."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db


def png(size=(64, 64), noise=False) -> bytes:
    image = PILImage.effect_noise(size, 100).convert("RGB") if noise else PILImage.new("RGB", size, (10, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(admin_client, name, content, content_type="image/png"):
    from wagtail.images import get_image_model

    before = get_image_model().objects.count()
    response = admin_client.post(
        "/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)}
    )
    return response, get_image_model().objects.count() - before


def test_a_small_png_is_accepted(admin_client, demo):
    response, added = upload(admin_client, "chart.png", png())
    assert response.status_code == 302 and added == 1


UNSUPPORTED = "Formato immagine non supportato. Formati supportati: GIF, JPG, JPEG, PNG, WEBP."


@pytest.mark.parametrize(
    "name,content,content_type,reason",
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml", UNSUPPORTED),
        ("page.html", b"<script>alert(1)</script>", "text/html", UNSUPPORTED),
        ("fake.png", b"<script>alert(1)</script>", "image/png", "Non è un'immagine .png valida."),
        ("archive.tiff", png(), "image/tiff", UNSUPPORTED),
    ],
)
def test_other_types_are_refused_with_a_reason(admin_client, demo, name, content, content_type, reason):
    response, added = upload(admin_client, name, content, content_type)
    assert response.status_code == 200 and added == 0
    assert reason in response.content.decode().replace("&#x27;", "'")


def test_an_image_over_the_size_limit_is_refused(admin_client, demo, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024
    content = png((200, 200), noise=True)
    assert len(content) > 20 * 1024
    response, added = upload(admin_client, "big.png", content)
    assert response.status_code == 200 and added == 0
    assert "Dimensione massima del file 20,0" in response.content.decode()  # the admin speaks Italian


def test_without_email_the_login_page_offers_no_password_reset(client, demo, settings):
    assert settings.WAGTAIL_PASSWORD_RESET_ENABLED is False  # no EMAIL_URL in the test environment
    assert "/admin/password_reset/" not in client.get("/admin/login/").content.decode()
    assert client.get("/admin/password_reset/", follow=True).status_code == 404
    settings.WAGTAIL_PASSWORD_RESET_ENABLED = True
    assert "/admin/password_reset/" in client.get("/admin/login/").content.decode()
