"""The project's HTML templates without their indentation, once, when a template is loaded.

Templates are indented for people (djhtml keeps them so); the indentation is useless to a
browser and was a sixth of every page (bench/README.md, "Page weight"). This loader reads
the project's templates (DIRS) as the filesystem loader does and removes:

- the spaces and tabs that start each line;
- blank lines;
- the line break after a line that holds only tags that print nothing ({% if %},
  {% for %}, {% endblock %}, {% url … as name %}, comments…), so a loop no longer leaves
  a line per turn.

What the browser sees does not change: a line break stays wherever the text had one before
anything visible (white space between inline elements still separates them), and `<pre>`,
`<textarea>`, `{% verbatim %}` and multi-line {% blocktranslate %} (whose text is the
catalogue's key) are left as they are. It runs once per template and process (the cached
loader wraps it), so a render costs nothing more.
"""

import re

from django.template.loaders import filesystem

# Regions kept verbatim: their white space is content.
_KEEP = re.compile(
    r"<pre\b.*?</pre>|<textarea\b.*?</textarea>|\{%\s*verbatim\b.*?endverbatim\s*%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S | re.I,
)
# Tags that never print anything themselves (`{% url … as x %}` and the like are matched
# by their `as name` ending).
_SILENT = {
    "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "block",
    "endblock", "load", "extends", "comment", "endcomment", "spaceless", "endspaceless",
    "get_current_language", "ifchanged", "endifchanged", "autoescape", "endautoescape",
}  # fmt: skip
_TAG = re.compile(r"\{%\s*(\w+)(.*?)%\}|\{#.*?#\}", re.S)


def _silent_line(line):
    """Whether the line holds only tags and comments that print nothing."""
    rest = line
    for match in _TAG.finditer(line):
        name, args = match.group(1), match.group(2)
        if name and name not in _SILENT and not re.search(r"\bas\s+\w+\s*$", args):
            return False
        rest = rest.replace(match.group(0), "", 1)
    return line != "" and rest.strip() == ""


def _strip(text, *, continues):
    """`continues`: the text goes on a line that a kept region started (not indentation)."""
    lines = text.split("\n")
    last = lines.pop()  # what follows the last line break: no break of its own
    out = []
    for number, line in enumerate(lines):
        if number == 0 and continues:
            out.append(line + "\n")  # the rest of a kept region's line, and its break
            continue
        line = line.lstrip(" \t")
        if line:
            out.append(line if _silent_line(line) else line + "\n")
    out.append(last.lstrip(" \t") if lines or not continues else last)
    return "".join(out)


def strip_indentation(source):
    """The template `source` without indentation, blank lines, and breaks after silent tags."""
    parts = []
    position = 0
    for match in _KEEP.finditer(source):
        parts.append(_strip(source[position : match.start()], continues=position > 0))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_strip(source[position:], continues=position > 0))
    return "".join(parts)


class Loader(filesystem.Loader):
    """The filesystem loader (the project's DIRS), with indentation removed at load time
    from HTML templates; others (the plain-text e-mails, whose blank lines separate
    paragraphs) are read as they are."""

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return strip_indentation(contents) if origin.name.endswith(".html") else contents
