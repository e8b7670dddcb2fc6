"""Fitting names into boxes, and the bundled fonts that measure them."""

from pathlib import Path

import pytest

from credentials.presentation.fonts import SANS_BOLD, SANS_REGULAR, SERIF_BOLD
from credentials.presentation.fonts.pillow_fonts import pillow_font
from credentials.presentation.fonts.reportlab_fonts import SANS, string_width
from credentials.presentation.fonts.text_fit import ELLIPSIS, fit_text, fit_text_in_box


def monospace(text: str, size: float) -> float:
    """Every character is `size` wide: easy arithmetic for the rules under test."""
    return len(text) * size


def test_text_that_fits_keeps_the_largest_size_on_one_line() -> None:
    fitted = fit_text(
        "Ada Lovelace",
        measure=monospace,
        max_width=240,
        max_lines=2,
        largest_size=20,
        smallest_size=5,
    )
    assert (fitted.lines, fitted.size, fitted.truncated) == (("Ada Lovelace",), 20, False)


def test_wraps_at_spaces_before_shrinking_when_lines_allow() -> None:
    fitted = fit_text(
        "Grace Brewster Hopper",
        measure=monospace,
        max_width=130,
        max_lines=3,
        largest_size=10,
        smallest_size=5,
    )
    assert fitted.lines == ("Grace", "Brewster", "Hopper")
    assert fitted.size == 10


def test_shrinks_when_the_lines_run_out() -> None:
    fitted = fit_text(
        "Grace Brewster Hopper",
        measure=monospace,
        max_width=105,
        max_lines=1,
        largest_size=10,
        smallest_size=4,
    )
    assert fitted.lines == ("Grace Brewster Hopper",)
    assert fitted.size == 5
    assert not fitted.truncated


def test_shrinks_rather_than_breaking_a_word() -> None:
    fitted = fit_text(
        "Fundamentals",
        measure=monospace,
        max_width=60,
        max_lines=3,
        largest_size=10,
        smallest_size=4,
    )
    assert fitted.lines == ("Fundamentals",)
    assert fitted.size == 5


def test_breaks_a_word_only_at_the_smallest_size() -> None:
    fitted = fit_text(
        "Pneumonoultramicroscopic",
        measure=monospace,
        max_width=60,
        max_lines=3,
        largest_size=10,
        smallest_size=5,
    )
    assert fitted.lines == ("Pneumonoultr", "amicroscopic")
    assert fitted.size == 5
    assert not fitted.truncated


def test_truncates_with_an_ellipsis_as_a_last_resort() -> None:
    fitted = fit_text(
        "one two three four five six",
        measure=monospace,
        max_width=9,
        max_lines=2,
        largest_size=2,
        smallest_size=1,
    )
    assert fitted.truncated
    assert fitted.lines == ("one two", "three fo" + ELLIPSIS)
    assert all(monospace(line, fitted.size) <= 9 for line in fitted.lines)


def test_whitespace_is_normalised_and_empty_text_has_no_lines() -> None:
    spaced = fit_text(
        "  Zoë \n  Ñúñez ",
        measure=monospace,
        max_width=100,
        max_lines=1,
        largest_size=10,
        smallest_size=1,
    )
    assert spaced.lines == ("Zoë Ñúñez",)
    empty = fit_text(
        " ", measure=monospace, max_width=10, max_lines=1, largest_size=5, smallest_size=1
    )
    assert empty.lines == ()


def test_box_picks_the_line_count_giving_the_largest_size() -> None:
    fitted = fit_text_in_box(
        "aaaa bbbb",
        measure=monospace,
        max_width=40,
        max_height=100,
        line_height=1.0,
        max_lines=3,
        largest_size=40,
        smallest_size=1,
    )
    assert fitted.lines == ("aaaa", "bbbb")
    assert fitted.size == 10


def test_box_height_limits_the_size() -> None:
    fitted = fit_text_in_box(
        "aaaa bbbb",
        measure=monospace,
        max_width=400,
        max_height=12,
        line_height=1.2,
        max_lines=3,
        largest_size=40,
        smallest_size=1,
    )
    assert fitted.lines == ("aaaa bbbb",)
    assert fitted.size == 10


@pytest.mark.parametrize(
    ("max_lines", "max_width", "largest_size", "smallest_size"),
    [(0, 10, 5, 1), (1, 0, 5, 1), (1, 10, 5, 6), (1, 10, 5, 0)],
)
def test_nonsense_limits_are_rejected(
    max_lines: int, max_width: float, largest_size: float, smallest_size: float
) -> None:
    with pytest.raises(ValueError):
        fit_text(
            "x",
            measure=monospace,
            max_width=max_width,
            max_lines=max_lines,
            largest_size=largest_size,
            smallest_size=smallest_size,
        )


NAMES_BEYOND_LATIN_1 = "Zoë Ñúñez Łukasz Wąsowski Dvořák Erdős Şükrü Çağlar Ψυχή Жанна"


@pytest.mark.parametrize("font", [SANS_REGULAR, SANS_BOLD, SERIF_BOLD], ids=lambda p: p.name)
def test_bundled_fonts_have_glyphs_for_international_names(font: Path) -> None:
    pillow = pillow_font(font, 32)
    missing_glyph = bytes(pillow.getmask("\uffff"))
    missing = [
        character
        for character in set(NAMES_BEYOND_LATIN_1.replace(" ", ""))
        if bytes(pillow.getmask(character)) == missing_glyph
    ]
    assert missing == []


def test_reportlab_measures_with_the_bundled_font() -> None:
    assert string_width("Łukasz", SANS, 10) > string_width("Łuk", SANS, 10) > 0
