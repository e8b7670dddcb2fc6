"""HTML question text from Moodle and QTI becomes Markdown with only safe inline HTML left."""

from __future__ import annotations

import pytest

from itembank.importing.html_text import html_to_markdown, looks_like_html


def test_plain_text_comes_back_unchanged() -> None:
    assert not looks_like_html("2 < 3 and 5 > 4")
    assert html_to_markdown("  2 < 3 and 5 > 4 ") == "2 < 3 and 5 > 4"


def test_blocks_breaks_and_emphasis_become_markdown() -> None:
    html = "<p>Which <strong>two</strong> are <em>true</em>?</p><p>Line<br>two<br/>three</p>"
    assert html_to_markdown(html) == "Which **two** are *true*?\n\nLine\ntwo\nthree"


def test_lists_number_ordered_items_and_dash_the_others() -> None:
    html = "<ol><li>first</li><li>second</li></ol><ul><li>a</li><li>b</li></ul>"
    assert html_to_markdown(html) == "1. first\n2. second\n\n- a\n- b"


def test_preformatted_text_keeps_its_spacing() -> None:
    html = "<p>Run:</p><pre>SELECT  *\n  FROM t;</pre>"
    assert html_to_markdown(html) == "Run:\n\n```\nSELECT  *\n  FROM t;\n```"


def test_comments_are_dropped_and_text_that_looks_like_a_tag_stays_escaped() -> None:
    html = "<p>Use &lt;div class=x&gt; here<!-- note to self --></p>"
    assert html_to_markdown(html) == "Use &lt;div class=x> here"


def test_allowed_inline_html_is_rebuilt_with_allowed_attributes_only() -> None:
    html = (
        '<p>H<sub>2</sub>O, see <a href="https://example.org/x?a=1&amp;b=2" '
        'onclick="steal()" class="c" title="Spec">spec</a> '
        '<img src="diagram.png" alt="a &quot;diagram&quot;" onerror="steal()" width="40"></p>'
    )
    assert html_to_markdown(html) == (
        'H<sub>2</sub>O, see <a href="https://example.org/x?a=1&amp;b=2" title="Spec">spec</a> '
        '<img src="diagram.png" alt="a &quot;diagram&quot;" width="40">'
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ],
)
def test_active_urls_are_dropped(url: str) -> None:
    html = f'<p><a href="{url}">x</a><img src="{url}"></p>'
    assert html_to_markdown(html) == "<a>x</a><img>"


def test_inline_raster_images_are_kept_but_not_svg() -> None:
    png = "data:image/png;base64,iVBORw0KGgo="
    svg = "data:image/svg+xml;base64,PHN2Zz4="
    assert html_to_markdown(f'<img src="{png}">') == f'<img src="{png}">'
    assert html_to_markdown(f'<img src="{svg}">') == "<img>"


def test_scripts_styles_and_frames_vanish_with_their_content() -> None:
    html = (
        "<p>Before<script>alert('x')</script><style>p{color:red}</style>"
        '<iframe src="https://evil.example/"><p>inside</p></iframe>after</p>'
    )
    assert html_to_markdown(html) == "Beforeafter"


def test_unknown_elements_are_dropped_and_their_text_kept() -> None:
    html = (
        '<p><form action="https://evil.example/"><input name="q">Name '
        "<button>go</button></form></p>"
    )
    assert html_to_markdown(html) == "Name go"


def test_tables_survive_as_html() -> None:
    html = '<table style="x"><tbody><tr><th colspan="2" onclick="x()">h</th></tr></tbody></table>'
    assert html_to_markdown(html) == '<table><tr><th colspan="2">h</th></tr></table>'
