"""Navigation addresses editors type: only paths and web, mail or phone links reach a page."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import NavItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "java\tscript:alert(1)",  # browsers drop tabs and line breaks inside a URL
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",  # ...and leading control characters
        "vbscript:msgbox(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_navigation_address_with_a_script_scheme_is_rejected(url):
    """A menu address with a script scheme, however spelt, is refused in Chinese."""
    item = NavItem(title="坏链接", url=url)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["url"] == ["请填写站内路径或 http(s) 网址。"]


@pytest.mark.parametrize(
    "url", ["/submit/", "/search/?q=a:b", "https://www.example.gov.cn/", "mailto:a@example.org"]
)
def test_navigation_address_path_or_web_link_is_accepted(url):
    """A site path or a web link is a valid menu address."""
    NavItem(title="好链接", url=url).full_clean()
