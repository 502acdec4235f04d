"""Imported markdown made safe for the vault: raw HTML escaped, script links neutralised."""

from __future__ import annotations

import pytest

from kbagent.knowledge.markdown_safety import UNSAFE, safe_inline, safe_markdown


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "<java\tscript:alert(1)>",  # bare, a tab ends the destination: not a link
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "<javascript:alert(1)>",
    ],
)
def test_script_links_are_neutralised(link: str) -> None:
    for text in (f"[x]({link})", f"![x]({link})", f"[ref]: {link}"):
        out = safe_markdown(text)
        assert UNSAFE in out, out
        assert "script:" not in out.lower().replace("\t", "") and "data:" not in out


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://example.org/a?b=1)",
        "[mail](mailto:a@example.org)",
        "[local](media/a.png)",
        "[anchor](#section)",
        "<https://example.org>",
        "a > b and 3 < 4 is kept as text",
    ],
)
def test_ordinary_markdown_keeps_its_meaning(text: str) -> None:
    out = safe_markdown(text)
    assert UNSAFE not in out
    assert out.replace("&lt;", "<") == text


def test_raw_html_is_escaped_but_code_is_shown_as_is() -> None:
    text = "<script>x()</script> `<b>inline</b>`\n\n```html\n<div onclick=x>\n```\n<img src=x>"
    out = safe_markdown(text)
    assert "&lt;script>" in out and "&lt;img" in out
    assert "`<b>inline</b>`" in out and "<div onclick=x>" in out
    assert "<script>" not in out and "<img" not in out


def test_inline_text_is_one_line() -> None:
    assert safe_inline("a\n<b>\nc") == "a &lt;b> c"
