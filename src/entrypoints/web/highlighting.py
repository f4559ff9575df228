"""Search snippets with the matched words marked, safely.

The SQL searches mark each match in the snippet between ``**`` and ``**``
(PostgreSQL's ``ts_headline``, SQLite's ``snippet()``). The snippet is the
author's text, so every piece is escaped first and only then are the marked
pieces wrapped in ``<mark>``: nothing the author wrote becomes markup. An
unpaired marker (the author's own ``**``) is shown as written.
"""

from __future__ import annotations

from typing import Final

from markupsafe import Markup, escape

MARKER: Final = "**"


def highlighted(snippet: str) -> Markup:
    """``snippet`` as HTML: escaped, with each ``**match**`` as ``<mark>match</mark>``."""
    pieces = snippet.split(MARKER)
    # An even count of pieces means an odd count of markers: the last one has no partner.
    unpaired = pieces.pop() if len(pieces) % 2 == 0 else None
    html = Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
    if unpaired is not None:
        html += escape(MARKER + unpaired)
    return html
