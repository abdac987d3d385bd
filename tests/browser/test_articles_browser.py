import pytest
from playwright.sync_api import expect

from tests.factories import image_upload, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_font_size_choice_is_remembered_across_page_loads(page):
    """大/中/小 changes the body size without a reload and the next article uses it too."""
    first, second = make_article(title="第一篇文章"), make_article(title="第二篇文章")
    page.goto(first.get_absolute_url())
    body = page.locator(".article-body")
    medium = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    page.get_by_role("button", name="大号字").click()
    expect(page.locator("#article")).to_have_attribute("data-font-size", "large")
    large = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert large > medium
    page.goto(second.get_absolute_url())
    expect(page.locator("#article")).to_have_attribute("data-font-size", "large")
    expect(page.get_by_role("button", name="大号字")).to_have_attribute("aria-pressed", "true")


def test_home_carousel_controls_move_between_headlines(page):
    """The carousel's buttons and dots move between headlines."""
    for i, colour in enumerate(["red", "green", "blue"]):
        make_article(
            title=f"头条{i + 1}", is_pinned=True, cover=image_upload(size=(640, 360), color=colour)
        )
    page.goto("/")
    dots = page.locator(".carousel-dots a")
    expect(dots.nth(0)).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="下一条").click()
    expect(dots.nth(1)).to_have_attribute("aria-current", "true")
    expect(page.locator("#headline-2")).to_be_in_viewport()
    page.get_by_role("button", name="上一条").click()
    expect(dots.nth(0)).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="第3条头条").click()
    expect(page.locator("#headline-3")).to_be_in_viewport()


def test_carousel_hides_no_focusable_slide_and_dots_follow_a_swipe(page):
    """No slide is aria-hidden (its link stays reachable); scrolling by hand moves the dot."""
    for i, colour in enumerate(["red", "green", "blue"]):
        make_article(
            title=f"头条{i + 1}", is_pinned=True, cover=image_upload(size=(640, 360), color=colour)
        )
    page.goto("/")
    dots = page.locator(".carousel-dots a")
    page.get_by_role("button", name="下一条").click()
    expect(dots.nth(1)).to_have_attribute("aria-current", "true")
    assert page.locator(".carousel-slide[aria-hidden='true']").count() == 0
    page.locator(".carousel-track").evaluate(
        "el => el.scrollTo({left: el.clientWidth * 2, behavior: 'instant'})"
    )
    expect(dots.nth(2)).to_have_attribute("aria-current", "true")
    expect(dots.nth(1)).not_to_have_attribute("aria-current", "true")


def test_print_shows_the_article_without_the_site_furniture(page):
    """Printing an article shows its text without the site's header, footer and tools."""
    article = make_article(title="打印的文章")
    page.goto(article.get_absolute_url())
    page.emulate_media(media="print")
    expect(page.locator(".article-body")).to_be_visible()
    expect(page.locator(".article-title")).to_be_visible()
    for furniture in (".site-header", ".site-footer", ".breadcrumbs", ".article-tools"):
        expect(page.locator(furniture).first).to_be_hidden()
    expect(page.locator(".prev-next")).to_be_hidden()
