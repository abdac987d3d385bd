"""The zone facets in a phone-sized browser, with and without JavaScript."""

import re

import pytest

from .factories import make_industry, make_zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def zones():
    ic = make_industry("集成电路", "ic")
    make_zone(name="苏州工业园区", province="jiangsu", industries=[ic])
    make_zone(name="杭州高新区", province="zhejiang", type="hightech")
    make_zone(name="成都高新区", province="sichuan", type="hightech", industries=[ic])


@pytest.mark.usefixtures("zones")
def test_ticking_two_provinces_on_a_360px_phone_lists_both(page):
    """With JavaScript a ticked box submits at once (the 筛选 button stays, so nothing moves
    when the script arrives); the page never scrolls sideways."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/zones/")
    assert page.locator(".facet-submit").is_visible()
    page.locator("summary", has_text="省份").click()
    with page.expect_navigation():
        page.locator("#facet-province-jiangsu").check()
    page.locator("summary", has_text="省份").wait_for()
    with page.expect_navigation():
        page.locator("#facet-province-zhejiang").check()
    assert re.search(r"province=jiangsu&province=zhejiang", page.url)
    assert page.locator(".result-count").inner_text() == "找到 2 个开发区"
    assert page.locator(".chips a").count() == 2
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.usefixtures("zones")
def test_without_javascript_the_filter_button_sends_the_ticked_boxes(
    _playwright_browser, live_server
):
    """Without JavaScript, the filter button sends the ticked boxes."""
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto("/zones/")
        tab.locator("summary", has_text="类型").click()
        tab.locator("#facet-type-hightech").check()
        tab.locator("summary", has_text="主导产业").click()
        tab.locator("#facet-industry-ic").check()
        tab.locator(".facet-submit").click()
        tab.wait_for_url(re.compile(r"type=hightech&industry=ic"))
        assert tab.locator(".result-count").inner_text() == "找到 1 个开发区"
        assert tab.locator(".zone-table tbody th").inner_text() == "成都高新区"
    finally:
        context.close()
