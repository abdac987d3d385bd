"""What a reader notices in a real browser: phones, no JavaScript, elder mode, mourning mode."""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Channel
from portal.models import NavItem, SiteSettings
from tests.factories import image_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 0)));
})"""


@pytest.fixture
def site(db):
    """A home page with headlines, notices, a menu with sub-menus, and an article with a cover."""
    settings_obj = SiteSettings.load()
    settings_obj.wechat_account = "开发区资讯"
    settings_obj.qq_group = "123456789"
    settings_obj.phone = "010-0000 0000"
    settings_obj.save()
    news = Channel.objects.create(name="资讯中心", slug="news")
    Channel.objects.create(name="通知公告", slug="notices")
    sub = Channel.objects.create(name="华东地区", slug="east", parent=news)
    menu = NavItem.objects.create(title="资讯中心", url="/channels/news/", order=1)
    NavItem.objects.create(title="华东地区", url="/channels/east/", parent=menu)
    NavItem.objects.create(title="中国开发区", url="/zones/", order=2)
    articles = []
    for number in range(25):
        articles.append(
            Article.objects.create(
                title=f"开发区高质量发展新闻第{number}篇，项目建设稳步推进",
                channel=sub,
                body="<p>" + "开发区坚持创新驱动，推动产业升级。" * 20 + "</p>",
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now() - timezone.timedelta(hours=number + 1),
                is_pinned=number < 3,
                cover=image_upload(size=(1200, 675)) if number < 3 else "",
            )
        )
    Article.objects.create(
        title="关于召开会员代表大会的通知",
        channel=Channel.objects.get(slug="notices"),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    return {"article": articles[0]}


def _context(browser, live_server, width, *, js=True, elder=False, height=800):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        java_script_enabled=js,
        # Playwright's wait_for_function evaluates a string, which the site's CSP refuses.
        bypass_csp=True,
    )
    if elder:
        context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


@pytest.mark.parametrize("which", ["home", "article"])
def test_phone_pages_do_not_jump_while_loading(_playwright_browser, live_server, site, which):
    """Cumulative layout shift at 375 px stays below 0.1 (the menu is folded from the start)."""
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/" if which == "home" else site["article"].get_absolute_url())
    tab.wait_for_load_state("networkidle")
    shift = tab.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shift < 0.1, shift


def test_phone_menu_is_folded_before_the_page_script_runs(_playwright_browser, live_server, site):
    """The menu is folded from the first paint (head.js), not by the deferred site.js."""
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.route("**/js/site.js", lambda route: route.abort())
    tab.goto("/")
    assert not tab.locator("#main-nav >> text=中国开发区").is_visible()
    assert tab.locator(".menu-toggle").is_visible()
    context.close()


def test_without_javascript_no_visible_control_is_dead(_playwright_browser, live_server, site):
    """Without JavaScript every visible button submits a form: nothing shown does nothing."""
    context, tab = _context(_playwright_browser, live_server, 375, js=False)
    for url in ("/", site["article"].get_absolute_url(), "/messages/new/"):
        tab.goto(url)
        dead = tab.evaluate(
            """() => [...document.querySelectorAll('button')]
                .filter(b => b.offsetParent !== null || b.getClientRects().length)
                .filter(b => !(b.type === 'submit' && (b.form || b.closest('form'))))
                .map(b => b.className + ': ' + b.textContent.trim())"""
        )
        assert dead == [], (url, dead)
    # The menu needs no button: it is simply open.
    tab.goto("/")
    assert tab.locator("#main-nav >> text=中国开发区").is_visible()
    context.close()


@pytest.mark.parametrize("width", [320, 375, 414, 480])
def test_popovers_stay_inside_the_screen(_playwright_browser, live_server, site, width):
    """At phone widths every popover (quick links, article share) opens inside the viewport."""
    context, tab = _context(_playwright_browser, live_server, width)
    for url in ("/", site["article"].get_absolute_url()):
        tab.goto(url)
        for summary in tab.locator("details.popover > summary").all():
            if not summary.is_visible():
                continue
            summary.click()
            body = summary.locator("xpath=..").locator(".popover-body")
            box = body.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (url, summary.inner_text())
            summary.click()
    context.close()


def test_popover_closes_on_a_tap_outside_and_on_escape(_playwright_browser, live_server, site):
    """A tap elsewhere or Esc closes an open popover."""
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/")
    summary = tab.locator("summary", has_text="微信公众号")
    body = tab.locator(".popover-body", has_text="开发区资讯")
    summary.click()
    assert body.is_visible()
    tab.mouse.click(200, 600)
    assert not body.is_visible()
    summary.click()
    tab.keyboard.press("Escape")
    assert not body.is_visible()
    context.close()


def test_phone_menu_keeps_the_gutter_and_folds_sub_menus(_playwright_browser, live_server, site):
    """Menu entries line up with the 16 px page gutter; sub-menus open one at a time."""
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/")
    tab.click(".menu-toggle")
    first = tab.locator(".nav-list > li > a").first.bounding_box()
    assert first["x"] >= 16
    child = tab.locator(".nav-list ul >> text=华东地区")
    assert not child.is_visible()
    toggle = tab.locator(".sub-toggle").first
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    toggle.click()
    assert child.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    context.close()


def test_back_to_top_appears_on_long_pages(_playwright_browser, live_server, site):
    """After scrolling down a long page, a 返回顶部 button takes the reader back up."""
    # A short phone screen: the list is more than two screens long whatever the fonts
    # (a machine without CJK fonts draws the titles narrower, and the page shorter).
    context, tab = _context(_playwright_browser, live_server, 375, height=500)
    tab.goto("/channels/news/")
    button = tab.locator(".back-to-top")
    assert not button.is_visible()
    tab.mouse.wheel(0, 3000)
    tab.wait_for_function("window.scrollY > window.innerHeight")
    button.wait_for(state="visible")
    button.click()
    tab.wait_for_function("window.scrollY === 0")
    context.close()


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(v)) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg, bg):
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _style(tab, selector):
    return tab.evaluate(
        """(s) => { const e = document.querySelector(s); const c = getComputedStyle(e);
        return {size: parseFloat(c.fontSize), line: parseFloat(c.lineHeight),
                color: c.color, bg: getComputedStyle(document.body).backgroundColor}; }""",
        selector,
    )


def _rgb(value):
    return re.findall(r"[\d.]+", value)[:3]


def test_elder_mode_enlarges_text_contrast_and_targets_and_is_remembered(
    _playwright_browser, live_server, site
):
    """长者模式: text ≥ 150 %, line height ≥ 1.8, contrast ≥ 7:1, targets ≥ 44 px, remembered."""
    context, tab = _context(_playwright_browser, live_server, 375)
    url = site["article"].get_absolute_url()
    tab.goto(url)
    before = _style(tab, ".article-body p")
    meta_before = _style(tab, ".article-meta")
    tab.click(".elder-on")
    assert tab.locator(".elder-off").is_visible() and not tab.locator(".elder-on").is_visible()
    after = _style(tab, ".article-body p")
    meta_after = _style(tab, ".article-meta")
    assert after["size"] >= 1.5 * before["size"]
    assert meta_after["size"] >= 1.5 * meta_before["size"]
    assert after["line"] >= 1.8 * after["size"]
    assert _contrast(_rgb(after["color"]), _rgb(after["bg"])) >= 7
    assert _contrast(_rgb(meta_after["color"]), _rgb(meta_after["bg"])) >= 7
    tab.click(".menu-toggle")
    for selector in (".menu-toggle", ".nav-list > li > a", ".elder-off", ".quick-links a"):
        for box in [element.bounding_box() for element in tab.locator(selector).all()]:
            if box:
                assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
    # Remembered on the next page and on a later visit (a new tab of the same browser),
    # rendered by the server from the cookie (so even before any script runs).
    tab.goto("/")
    assert "elder" in tab.evaluate("document.documentElement.className")
    later = context.new_page()
    later.route("**/js/head.js", lambda route: route.abort())
    later.goto("/channels/news/")
    assert "elder" in later.evaluate("document.documentElement.className")
    later.click(".elder-off")
    later.goto("/")
    assert "elder" not in later.evaluate("document.documentElement.className")
    context.close()


def test_elder_mode_switches_without_javascript(_playwright_browser, live_server, site, settings):
    """长者模式 is a link: without JavaScript it sets the cookie; the server renders the mode,
    also with the page cache on and the page still fresh in the browser's own cache."""
    settings.PAGE_CACHE_SECONDS = 600  # public pages: max-age=60 for the browser
    context, tab = _context(_playwright_browser, live_server, 375, js=False)
    url = site["article"].get_absolute_url()
    tab.goto("/")
    tab.goto(url)
    assert "elder" not in tab.evaluate("document.documentElement.className")
    tab.click(".elder-on")
    assert tab.url.endswith(url)
    assert "elder" in tab.evaluate("document.documentElement.className")
    assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 24
    tab.goto("/")
    assert "elder" in tab.evaluate("document.documentElement.className")
    tab.click(".elder-off")
    assert "elder" not in tab.evaluate("document.documentElement.className")
    context.close()


@pytest.mark.parametrize(("js", "elder"), [(True, True), (False, False), (True, False)])
def test_pages_fit_a_360px_phone_in_every_mode(_playwright_browser, live_server, site, js, elder):
    """At 360 px nothing sticks out sideways, in elder mode or without JavaScript."""
    context, tab = _context(_playwright_browser, live_server, 360, js=js, elder=elder)
    for url in ("/", site["article"].get_absolute_url(), "/zones/", "/messages/new/", "/sitemap/"):
        tab.goto(url)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
    context.close()


def test_zone_table_cells_do_not_break_on_phones(_playwright_browser, live_server, db):
    """ "广东省", "国家级" and the zone type each stay on one line at 375 px."""
    from tests.association.factories import make_zone

    for _ in range(3):
        make_zone(province="guangdong", type="hightech")
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/zones/")
    lines = tab.evaluate(
        """() => [...document.querySelectorAll('.zone-table td')]
            .filter(td => td.getClientRects().length)
            .map(td => [td.textContent.trim(), td.getClientRects().length])"""
    )
    assert lines and all(count == 1 for _text, count in lines), lines
    context.close()


def test_message_codes_stay_on_one_line_and_copy(_playwright_browser, live_server, db):
    """The 留言码 shows on one line at 320 px, and 复制 puts it on the clipboard."""
    from submissions.models import MessageCategory

    MessageCategory.objects.create(name="咨询", slug="question")
    context, tab = _context(_playwright_browser, live_server, 320)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab.goto("/messages/new/")
    tab.fill("input[name=name]", "王先生")
    tab.fill("input[name=contact]", "reader@example.org")
    tab.fill("input[name=subject]", "咨询")
    tab.fill("textarea[name=content]", "内容")
    tab.click("main button[type=submit]")
    code = tab.locator("#query-code")
    style = code.evaluate("e => [e.getClientRects().length, e.scrollWidth <= e.clientWidth + 1]")
    assert style == [1, True]
    box = code.bounding_box()
    assert box["x"] + box["width"] <= 320
    tab.click("button[data-copy=query-code]")
    tab.wait_for_function(
        "document.querySelector('[data-copy=query-code] + .copy-done').textContent.length > 0"
    )
    assert tab.evaluate("navigator.clipboard.readText()") == code.inner_text().strip()
    context.close()


def test_focus_moves_to_the_first_error_after_a_failed_submit(_playwright_browser, live_server, db):
    """After the server refuses a form, the keyboard focus is on the first field in error."""
    from submissions.models import MessageCategory

    MessageCategory.objects.create(name="咨询", slug="question")
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/messages/new/")
    tab.fill("input[name=name]", "王先生")
    tab.fill("input[name=contact]", "reader@example.org")
    tab.fill("input[name=subject]", "\u200b")
    tab.fill("textarea[name=content]", "内容")
    tab.click("main button[type=submit]")
    tab.wait_for_selector(".field-subject .errorlist")
    assert tab.evaluate("document.activeElement.name") == "subject"
    context.close()


def test_mourning_mode_renders_the_site_in_grayscale(_playwright_browser, live_server, site):
    """With mourning mode on, the root element carries a grayscale filter."""
    settings_obj = SiteSettings.load()
    settings_obj.mourning = True
    settings_obj.save()
    context, tab = _context(_playwright_browser, live_server, 1440)
    tab.goto("/")
    assert tab.evaluate("getComputedStyle(document.documentElement).filter") == "grayscale(1)"
    context.close()


def test_captcha_new_picture_keeps_what_was_typed(_playwright_browser, live_server, db, settings):
    """看不清，换一张 swaps the picture and its key; the rest of the form stays as typed."""
    from submissions.models import MessageCategory

    settings.SUBMISSIONS_CAPTCHA_AFTER = 0
    MessageCategory.objects.create(name="咨询", slug="question")
    context, tab = _context(_playwright_browser, live_server, 375)
    tab.goto("/messages/new/")
    tab.fill("input[name=subject]", "园区政策咨询")
    old_src = tab.get_attribute(".captcha-image", "src")
    old_key = tab.input_value("input[name=captcha_0]")
    tab.click(".captcha-refresh")
    tab.wait_for_function(f"document.querySelector('.captcha-image').src.indexOf('{old_key}') < 0")
    assert tab.get_attribute(".captcha-image", "src") != old_src
    assert tab.input_value("input[name=captcha_0]") not in ("", old_key)
    assert tab.input_value("input[name=subject]") == "园区政策咨询"
    assert tab.evaluate("document.activeElement.name") == "captcha_1"
    context.close()


def test_article_paragraphs_start_with_a_two_character_indent(
    _playwright_browser, live_server, site
):
    """首行缩进: body paragraphs are indented by two characters, and the line is not too long."""
    context, tab = _context(_playwright_browser, live_server, 1440)
    tab.goto(site["article"].get_absolute_url())
    indent, size, width = tab.evaluate(
        """() => { const p = document.querySelector('.article-body p');
        const c = getComputedStyle(p);
        return [parseFloat(c.textIndent), parseFloat(c.fontSize), p.clientWidth]; }"""
    )
    assert indent == 2 * size
    assert width / size <= 46  # about 40 characters a line on a wide screen
    context.close()
