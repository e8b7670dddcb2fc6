from io import BytesIO

from PIL import Image

from credentials.presentation.issuer_image import LOGO_SIZE, issuer_initials, render_issuer_logo_png


def test_initials_come_from_the_words_of_the_name():
    assert issuer_initials("Accredo Certification Board") == "AC"
    assert issuer_initials("  acme ") == "A"
    assert issuer_initials("---") == "?"


def test_the_logo_is_a_square_png_disc_on_transparency():
    with Image.open(BytesIO(render_issuer_logo_png("Accredo Certification"))) as image:
        assert image.format == "PNG" and image.size == (LOGO_SIZE, LOGO_SIZE)
        centre, corner = image.getpixel((LOGO_SIZE // 2, 20)), image.getpixel((0, 0))
        assert isinstance(centre, tuple) and isinstance(corner, tuple)
        assert centre[3] == 255 and corner[3] == 0
