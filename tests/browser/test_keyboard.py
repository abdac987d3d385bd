"""Keyboard only (Tab, Shift-Tab, Enter, Space, Esc): every control of the home page, an
article, search with filters, the zone directory, 留言 and 投稿 is reached and works, and
the focused control is never hidden (WCAG 2.1.1, 2.4.7, 2.4.11; MIIT 适老化 keyboard use)."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_a11y import demo_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary"

# Numbers every control the reader can see (data-k), so the walk can tell them apart.
NUMBER_CONTROLS = """(selector) => {
  const shown = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    el.dataset.k = i;
    const box = el.getBoundingClientRect();
    // checkVisibility: not inside a closed <details> (content-visibility: hidden) either.
    const visible = el.checkVisibility({visibilityProperty: true}) && box.width > 1
      && box.height > 1 && !el.disabled && !el.closest('[inert], [aria-hidden=true]');
    if (visible) shown.push(String(i));
  });
  return shown;
}"""

# The focused control: its number, and whether it is in view and not covered by anything.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.k === undefined) return null;
  const box = el.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height, 40) / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' || style.boxShadow !== 'none';
  return {k: el.dataset.k, inView, covered: !!top && !el.contains(top) && !top.contains(el)
          && !(el.labels && [...el.labels].some(l => l.contains(top))),
          outline, text: (el.textContent || el.name || '').trim().slice(0, 20)};
}"""


def _walk(tab, key, limit=900):
    """Press `key` until the focus leaves the page's controls or comes back round."""
    order, problems = [], []
    for _ in range(limit):
        tab.keyboard.press(key)
        focused = tab.evaluate(FOCUSED)
        if focused is not None and order and focused["k"] == order[-1]:
            continue  # the next part of the same control (a date's year, month, day)
        if focused is None or focused["k"] in order:
            break
        order.append(focused["k"])
        if not focused["inView"] or focused["covered"] or not focused["outline"]:
            problems.append(focused)
    return order, problems


def _reaches_everything(tab, url):
    tab.goto(url)
    shown = tab.evaluate(NUMBER_CONTROLS, CONTROLS)
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    forward, problems = _walk(tab, "Tab")
    missed = [k for k in shown if k not in forward]
    backward, back_problems = _walk(tab, "Shift+Tab")
    return {
        "missed": [
            tab.evaluate(
                "(k) => document.querySelector(`[data-k='${k}']`).outerHTML.slice(0, 120)", k
            )
            for k in missed[:5]
        ],
        "hidden focus": (problems + back_problems)[:5],
        "back": sorted(backward) == sorted(forward) or (len(forward), len(backward)),
        "count": len(forward),
    }


@pytest.mark.parametrize("width", [375, 1440])
def test_tab_and_shift_tab_reach_every_control_in_view(_playwright_browser, live_server, width):
    """Tab reaches every visible control of the six pages, Shift-Tab walks back, and the
    focused control is always in view, outlined and uncovered (not under the floating
    返回顶部 button or anything else)."""
    pages = demo_pages()
    wanted = {
        "home": pages["home"],
        "article": pages["article"],
        "search with filters": "/search/?q=开发区&channel=" + pages["channel"].split("/")[2],
        "zone directory": pages["zones with facets"],
        "message form": pages["message form"],
        "manuscript form": pages["manuscript form"],
    }
    # Reduced motion: the carousel scrolls a focused headline into view at once, not in an
    # animation still running when the focus is checked.
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, reduced_motion="reduce"
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    report = {}
    for name, url in wanted.items():
        result = _reaches_everything(tab, url)
        report[name] = result
    context.close()
    print("\ncontrols reached with Tab:", json.dumps({n: r["count"] for n, r in report.items()}))
    bad = {
        n: r for n, r in report.items() if r["missed"] or r["hidden focus"] or r["back"] is not True
    }
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def _focus(tab, selector, key="Tab"):
    """Tab (or Shift-Tab) until `selector` has the focus, as a keyboard user gets there."""
    for _ in range(400):
        tab.keyboard.press(key)
        if tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_operates_menu_popovers_carousel_and_article_tools(
    _playwright_browser, live_server
):
    """Enter, Space and Esc open and close the menu and popovers, move the carousel, switch the
    font size and elder mode."""
    pages = demo_pages()
    # Reduced motion: the carousel jumps, so the current headline is known when Space is pressed.
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, reduced_motion="reduce"
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/")
    _focus(tab, ".menu-toggle")
    tab.keyboard.press("Enter")
    expect(tab.locator(".menu-toggle")).to_have_attribute("aria-expanded", "true")
    tab.keyboard.press("Escape")
    expect(tab.locator(".menu-toggle")).to_have_attribute("aria-expanded", "false")
    tab.keyboard.press("Shift+Tab")
    tab.goto("/")
    _focus(tab, "details.popover > summary")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.parentElement.open")
    tab.keyboard.press("Escape")
    assert not tab.evaluate("document.querySelector('details.popover').open")
    # Tabbing through the headlines brings each into view, so the walk has moved it on.
    _focus(tab, ".carousel-next")
    dots = tab.locator(".carousel-dots a")
    current = tab.evaluate(
        "[...document.querySelectorAll('.carousel-dots a')]"
        ".findIndex(a => a.getAttribute('aria-current') === 'true')"
    )
    tab.keyboard.press("Space")
    expect(dots.nth((current + 1) % dots.count())).to_have_attribute("aria-current", "true")
    _focus(tab, ".carousel-dots a", key="Shift+Tab")
    tab.keyboard.press("Enter")  # a dot shows its headline
    expect(tab.locator(".carousel-dots a:focus")).to_have_attribute("aria-current", "true")
    tab.goto(pages["article"])
    _focus(tab, "button[data-font-size=large]")
    tab.keyboard.press("Space")
    expect(tab.locator("#article")).to_have_attribute("data-font-size", "large")
    tab.goto("/")
    _focus(tab, ".elder-on")
    tab.keyboard.press("Enter")
    assert "elder" in tab.evaluate("document.documentElement.className")
    assert tab.evaluate("document.activeElement.classList.contains('elder-off')")
    tab.keyboard.press("Enter")
    assert "elder" not in tab.evaluate("document.documentElement.className")
    context.close()


def test_keyboard_filters_search_and_the_zone_directory(_playwright_browser, live_server):
    """Search: type, open 筛选条件 with Enter, choose a channel, submit. Zones: Space ticks a box
    (the form submits), Enter on a chip's button removes its value."""
    demo_pages()
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto("/search/?q=开发区")
    _focus(tab, ".search-filters-toggle > summary")
    tab.keyboard.press("Enter")
    _focus(tab, "select[name=channel]")
    tab.keyboard.press("ArrowDown")
    channel = tab.evaluate("document.activeElement.value")
    assert channel
    _focus(tab, ".search-form button[type=submit]", key="Shift+Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert f"channel={channel}" in tab.url
    tab.goto("/zones/?province=jiangsu")
    _focus(tab, "details:has(input[name=level]) > summary")
    tab.keyboard.press("Enter")  # unfolds 级别
    _focus(tab, "input[type=checkbox][name=level][value=national]")
    with tab.expect_navigation():
        tab.keyboard.press("Space")
    assert "level=national" in tab.url and "province=jiangsu" in tab.url
    _focus(tab, ".chips button, .chips a")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "province=jiangsu" not in tab.url or "level=national" not in tab.url
    context.close()


def test_forms_keep_what_was_typed_after_an_error_and_never_ask_twice(
    _playwright_browser, live_server
):
    """留言 and 投稿 filled and sent with the keyboard: after an error every typed value is
    still there, the focus is on the first error, and no field asks for something twice."""
    pages = demo_pages()
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(pages["message form"])
    _focus(tab, "input[name=name]")
    tab.keyboard.type("王先生")
    _focus(tab, "input[name=contact]")
    tab.keyboard.type("reader@example.org")
    _focus(tab, "input[name=subject]")
    tab.keyboard.type("   ")  # blank once trimmed: the server refuses it
    _focus(tab, "textarea[name=content]")
    tab.keyboard.type("请问如何申请入园？")
    _focus(tab, "main button[type=submit]")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator(".has-error").count() >= 1
    assert tab.input_value("input[name=name]") == "王先生"
    assert tab.input_value("input[name=contact]") == "reader@example.org"
    assert tab.input_value("textarea[name=content]") == "请问如何申请入园？"
    assert tab.evaluate("document.activeElement.name") == "subject"
    for url in (pages["message form"], pages["manuscript form"]):
        tab.goto(url)
        labels = tab.evaluate(
            """() => [...document.querySelectorAll('main form label')]
                 .filter(l => l.getClientRects().length).map(l => l.textContent.trim())"""
        )
        assert len(labels) == len(set(labels)), labels  # nothing is asked twice
        assert not tab.locator("main input[name*=confirm], main input[name$='2']").count()
    context.close()
