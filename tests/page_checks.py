"""Checks every public HTML page must pass, shared by the page tests."""

import html
import re
from html.parser import HTMLParser


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.title = ""
        self._in_title = False
        self.meta = {}
        self.links = {}
        self.html_attrs = {}
        self.inline_styles = 0
        self.inline_scripts = 0
        self.foreign = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title" and not self.title:
            # Only the document's title; SVG titles name shapes.
            self._in_title = True
        elif tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), attrs.get("href"))
        elif tag == "style":
            self.inline_styles += 1
        elif tag == "script" and not attrs.get("src"):
            self.inline_scripts += 1
        if "style" in attrs:
            self.inline_styles += 1
        for name in ("src", "srcset", "href"):
            value = attrs.get(name) or ""
            loads = tag in {"img", "script", "source", "iframe"} or (
                tag == "link" and attrs.get("rel") in {"stylesheet", "icon"}
            )
            if loads and re.match(r"\s*(https?:)?//", value):
                self.foreign.append(value)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def outline(response) -> _Outline:
    parser = _Outline()
    parser.feed(response.content.decode())
    return parser


def assert_public_page(response) -> _Outline:
    """One h1, a title, a description, a canonical URL, lang and dir, and
    nothing inline or from another host."""
    assert response["Content-Type"].startswith("text/html")
    page = outline(response)
    assert page.h1 == 1, f"{page.h1} h1 elements"
    assert page.title.strip().endswith("· Accords")
    assert page.meta.get("description")
    assert page.meta.get("viewport")
    assert page.links.get("canonical", "").startswith("http://testserver/")
    assert page.html_attrs.get("lang") == "en"
    assert page.html_attrs.get("dir") in {"ltr", "rtl"}
    assert page.inline_styles == 0
    assert page.inline_scripts == 0
    assert page.foreign == []
    return page


def get_public_page(client, path: str, data=None):
    """Get ``path``: a 200 that passes ``assert_public_page``."""
    response = client.get(path, data)
    assert response.status_code == 200
    assert_public_page(response)
    return response


def text(response) -> str:
    """The page as one line of text, tags removed, for phrases split by markup."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))
