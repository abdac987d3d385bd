"""Templates lose their indentation when loaded, and nothing a reader sees changes."""

import re

import pytest
from django.template import engines

from portal.template_loaders import strip_indentation


def test_indentation_blank_lines_and_silent_tag_lines_are_removed():
    """Leading white space and blank lines go; a line of tags that print nothing leaves
    no line break; a line break stays before anything visible."""
    source = (
        "<ul>\n"
        "    {% for item in items %}\n"
        "      <li>{{ item }}</li>\n"
        "\n"
        "    {% endfor %}\n"
        "  {% url 'home' as home_url %}\n"
        "  <p>\n"
        "    {% translate 'A' %}\n"
        "    {% translate 'B' %}\n"
        "  </p>\n"
        "</ul>\n"
    )
    assert strip_indentation(source) == (
        "<ul>\n{% for item in items %}<li>{{ item }}</li>\n{% endfor %}"
        "{% url 'home' as home_url %}<p>\n{% translate 'A' %}\n{% translate 'B' %}\n</p>\n</ul>\n"
    )


def test_preformatted_text_and_catalogue_keys_are_kept():
    """<pre>, <textarea>, {% verbatim %} and a multi-line {% blocktranslate %} (its text is
    the catalogue's key) keep every space."""
    kept = [
        "<pre>  code\n    more</pre>",
        "<textarea>\n  typed\n</textarea>",
        "{% verbatim %}\n  {{ raw }}\n{% endverbatim %}",
        "{% blocktranslate %}\n  Kept as the key\n{% endblocktranslate %}",
    ]
    for region in kept:
        assert region in strip_indentation(f"  <div>\n    {region} after\n  </div>\n")


@pytest.mark.django_db
def test_pages_read_the_same_and_plain_text_templates_are_untouched(client):
    """A rendered page has no indented line; the plain-text e-mails keep their blank lines
    (paragraphs)."""
    html = client.get("/no-such-page/").content.decode()
    assert not re.search(r"\n[ \t]+<", html)
    engine = engines["django"].engine
    (source, _origin) = engine.find_template("submissions/email/message_department.txt")
    assert "\n\n" in source.source
    assert (
        source.source == (engine.dirs[0] / "submissions/email/message_department.txt").read_text()
    )
