"""HTML product descriptions (Shopify's Body (HTML), some feeds) -> plain text.

Parsed with the standard library's `html.parser` (entities decoded, tags, scripts
and styles dropped), not with a regex. Block elements become line breaks;
list items are returned apart so a shop's bullet list becomes the product's features.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr",
    "section", "article", "blockquote", "hr", "dl", "dt", "dd",
}  # fmt: skip
_SKIP = {"script", "style", "template", "noscript", "head"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # text outside list items, one entry per block
        self.items: list[str] = []  # text of each <li>
        self._buf: list[str] = []
        self._item: list[str] | None = None
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "li":
            self._flush()
            self._item = []
        elif tag in _BLOCKS and self._item is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "li" and self._item is not None:
            text = " ".join("".join(self._item).split())
            if text:
                self.items.append(text)
            self._item = None
        elif tag in _BLOCKS and self._item is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self._item if self._item is not None else self._buf).append(data)

    def close(self) -> None:
        super().close()
        if self._item is not None:
            self.handle_endtag("li")
        self._flush()


def split_html(html: str) -> tuple[str, tuple[str, ...]]:
    """(the text outside lists, one line per block; the list items) of an HTML fragment."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.blocks), tuple(parser.items)


def html_to_text(html: str) -> str:
    """All the text of an HTML fragment, one line per block or list item."""
    text, items = split_html(html)
    return "\n".join(t for t in (text, *items) if t)


def looks_like_html(text: str) -> bool:
    return "<" in text and ">" in text or "&" in text and ";" in text


__all__ = ["html_to_text", "looks_like_html", "split_html"]
