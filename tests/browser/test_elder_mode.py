"""Elder-friendly mode (长者模式) keeps its promises on the narrowest phone: at 320 px no
page scrolls sideways and every control is a target of at least 44 × 44 px."""

import json
import os
from pathlib import Path

import pytest

from tests.browser.test_a11y import demo_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every control a reader can reach, measured by its box. A link inside running text (a
# sentence of a paragraph, list item or cell with more text than the link) is exempt, as in
# WCAG 2.5.8 ("inline"); anything else counts, whatever its kind.
SMALL_TARGETS = """(min) => {
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[role=button], [tabindex]:not([tabindex="-1"])';
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.closest('p, li, td, th, dd, figcaption, blockquote');
    return !!block && block.textContent.trim().length > el.textContent.trim().length + 1;
  };
  const small = [];
  for (const el of document.querySelectorAll(controls)) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.bottom <= 0) continue;  // visually hidden
    if (inSentence(el)) continue;
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      const text = (el.textContent || el.value || el.name || '').trim().slice(0, 20);
      const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()} "${text}" ${size}`);
    }
  }
  return small;
}"""

CUT_LABELS = """() => [...document.querySelectorAll('button, a, summary, label')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => el.getBoundingClientRect().width > 1)  // visually hidden: read, not seen
  .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
  .map(el => el.textContent.trim().slice(0, 20))"""


@pytest.mark.parametrize("width", [320, 375, 1440])
def test_elder_mode_fits_the_screen_with_44px_targets(_playwright_browser, live_server, width):
    """In elder mode, from 320 px up: page width = viewport width, every target ≥ 44 × 44,
    no cut label, on every page type with every fold open."""
    pages = demo_pages()
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    context.add_cookies([{"name": "elder", "value": "1", "url": live_server.url}])
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    failures, measured = {}, {}
    for name, url in pages.items():
        tab.goto(url)
        assert "elder" in tab.evaluate("document.documentElement.className"), url
        shots = os.environ.get("SCREENSHOTS_DIR")  # `make screenshots`
        if shots and width == 320:
            Path(shots).mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=f"{shots}/elder-320-{name.replace(' ', '-')}.png", full_page=True)
        # Open every fold (menu, sub-menus, facets, popovers) so that what they hold counts too.
        tab.evaluate("""() => {
          document.querySelectorAll('details').forEach(d => { d.open = true; });
          document.querySelectorAll('.menu-toggle[aria-expanded=false], .sub-toggle')
            .forEach(b => b.click());
        }""")
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        small = tab.evaluate(SMALL_TARGETS, 44)
        cut = tab.evaluate(CUT_LABELS)
        measured[name] = tab.evaluate(
            "document.querySelectorAll('a[href], button, input, select, textarea, summary').length"
        )
        if widths[0] != widths[1] or small or cut:
            failures[f"{name} ({url})"] = {"width": widths, "small": small[:10], "cut": cut[:5]}
    context.close()
    print(f"\ncontrols measured per page at {width} px:", json.dumps(measured, ensure_ascii=False))
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_standard_mode_targets_are_at_least_24px(_playwright_browser, live_server):
    """Standard mode at 375 px: the zone facet checkboxes and the carousel controls are ≥ 24 px,
    and running text of articles and association pages is at least 18 px."""
    pages = demo_pages()
    context = _playwright_browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}
    )
    tab = context.new_page()
    for url in (pages["home"], pages["zones with facets"]):
        tab.goto(url)
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll(
                 '.facet-option input, .carousel-dots a, .carousel-controls button')]
               .filter(e => e.getClientRects().length)
               .map(e => { const b = e.getBoundingClientRect(); return [b.width, b.height]; })"""
        )
        assert boxes, url
        assert all(w >= 24 and h >= 24 for w, h in boxes), (url, boxes)
    for url, selector in (
        (pages["article"], ".article-body p"),
        (pages["association page"], ".assoc-body p"),
    ):
        tab.goto(url)
        size = tab.evaluate(
            "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
        )
        assert size >= 18, (url, size)
    context.close()
