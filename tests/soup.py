"""Reading rendered pages as a browser does: parsed HTML, CSS selectors, visible text.

Assertions on what a reader sees stay true when the markup is re-indented or its
attributes reordered, unlike substrings of the raw HTML.
"""

from bs4 import BeautifulSoup


def parse(page):
    """A response or an HTML string, parsed."""
    html = page if isinstance(page, str) else page.content.decode()
    return BeautifulSoup(html, "html.parser")


def select(page, selector):
    return parse(page).select(selector)


def text(element):
    """The element's text with runs of white space collapsed, as a browser shows it."""
    return " ".join(element.get_text().split())


def texts(page, selector):
    return [text(element) for element in select(page, selector)]
