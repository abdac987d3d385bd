"""A strict-enough HTML well-formedness check for the pages we render.

Not a full validator: it catches what templates typically break (unclosed or
mismatched elements, duplicate ids, a missing lang or title, images without alt).
Hand-written on purpose: HTML parsers such as html5lib or lxml repair such mistakes
silently instead of reporting them.
"""

from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Elements whose end tag HTML lets authors omit; we still expect them closed, except these.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = set()
        self.has_title = False
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "title":
            self.has_title = True
        if tag == "img" and "alt" not in attrs:
            self.errors.append(f"<img src={attrs.get('src')!r}> has no alt")
        element_id = attrs.get("id")
        if element_id:
            if element_id in self.ids:
                self.errors.append(f"duplicate id {element_id!r}")
            self.ids.add(element_id)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}> at {self.getpos()}")
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else None
            self.errors.append(f"</{tag}> at {self.getpos()} does not close {opened}")
            return
        self.stack.pop()


def html_errors(html):
    checker = _Checker()
    checker.feed(html)
    checker.close()
    errors = list(checker.errors)
    leftover = [tag for tag, _pos in checker.stack if tag not in OPTIONAL_END]
    if leftover:
        errors.append(f"unclosed elements: {leftover}")
    if not html.lstrip().lower().startswith("<!doctype html>"):
        errors.append("missing <!DOCTYPE html>")
    if not checker.lang:
        errors.append("<html> has no lang")
    if not checker.has_title:
        errors.append("no <title>")
    return errors
