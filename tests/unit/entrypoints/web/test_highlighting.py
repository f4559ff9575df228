"""Search snippets: matches marked, the author's text escaped."""

from __future__ import annotations

import pytest

from entrypoints.web.highlighting import highlighted


@pytest.mark.parametrize(
    ("snippet", "html"),
    [
        ("Is the **printer** on?", "Is the <mark>printer</mark> on?"),
        ("**VPN** and **vpn**", "<mark>VPN</mark> and <mark>vpn</mark>"),
        ("no marks at all", "no marks at all"),
        ("", ""),
    ],
)
def test_matches_between_markers_are_marked(snippet: str, html: str) -> None:
    """Each ``**word**`` of the database's snippet becomes ``<mark>word</mark>``."""
    assert str(highlighted(snippet)) == html


def test_the_author_s_text_is_escaped_inside_and_outside_a_match() -> None:
    """Nothing the author wrote becomes markup."""
    snippet = '<script>alert(1)</script> **<b>"x"</b>** & co'
    assert str(highlighted(snippet)) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</mark> &amp; co"
    )


def test_an_unpaired_marker_is_shown_as_written() -> None:
    """The author's own ``**`` after the last match is text, not the start of a mark."""
    assert str(highlighted("**Press** the **<any> key")) == (
        "<mark>Press</mark> the **&lt;any&gt; key"
    )
