import pytest

from portal.models import NavItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_menu_opens_and_closes_with_the_keyboard(page):
    """On a phone the navigation hides behind a button that keyboards and screen readers can use."""
    NavItem.objects.create(title="资讯中心", url="/news/", order=1)
    page.goto("/")
    toggle = page.locator(".menu-toggle")
    nav_link = page.locator("#main-nav >> text=资讯中心")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text().strip() == "收起菜单"
    assert nav_link.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.inner_text().strip() == "打开菜单"


def test_wide_screen_shows_the_navigation_without_the_button(page):
    """A wide screen shows the menu without the menu button."""
    NavItem.objects.create(title="资讯中心", url="/news/", order=1)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    assert not page.locator(".menu-toggle").is_visible()
    assert page.locator("#main-nav >> text=资讯中心").is_visible()


def test_wechat_qr_opens_on_click(page):
    """The 微信公众号 popover opens on a click."""
    from portal.models import SiteSettings

    settings_obj = SiteSettings.load()
    settings_obj.wechat_account = "开发区资讯"
    settings_obj.save()
    page.goto("/")
    summary = page.locator("summary", has_text="微信公众号")
    body = page.locator(".popover-body", has_text="开发区资讯")
    assert not body.is_visible()
    summary.click()
    assert body.is_visible()


def test_page_fits_a_360px_phone_without_horizontal_scrolling(page):
    """The home page fits a 360 px phone without horizontal scrolling."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
