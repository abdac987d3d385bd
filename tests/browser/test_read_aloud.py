"""语音朗读: articles and association pages read aloud by the browser's own speech synthesis.

Headless Chromium has no voices, so each test puts a stand-in `speechSynthesis` into the
page before its scripts run: it records what it is asked to say, and `__finish()` ends
the current utterance as a real voice would."""

import pytest
from playwright.sync_api import expect

from association.models import Page
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUB = """
window.__said = []; window.__calls = [];
(() => {
  const listeners = {};
  const synth = {
    current: null,
    getVoices: () => window.__voices,
    speak(u) {
      window.__said.push(u.text); window.__calls.push('speak:' + u.lang); this.current = u;
    },
    pause() { window.__calls.push('pause'); },
    resume() { window.__calls.push('resume'); },
    cancel() { window.__calls.push('cancel'); this.current = null; },
    addEventListener(type, f) { (listeners[type] = listeners[type] || []).push(f); },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.__finish = () => {
    const u = synth.current; synth.current = null; if (u && u.onend) u.onend();
  };
  window.__voicesArrive = (voices) => {
    window.__voices = voices; (listeners.voiceschanged || []).forEach(f => f());
  };
})();
"""

BODY = "".join(f"<p>第{n}段：开发区坚持创新驱动，推动产业升级。</p>" for n in range(1, 31))


def _tab(browser, live_server, voices):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 700},
        reduced_motion="reduce",
        bypass_csp=False,
    )
    context.add_init_script(STUB + f"window.__voices = {voices};")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def test_play_pause_resume_stop_with_the_paragraph_highlighted(_playwright_browser, live_server):
    """朗读 reads title then paragraphs one by one in a Chinese voice, highlighting and scrolling
    to each; 暂停/继续 and 停止 work from the keyboard; a screen reader hears the state."""
    article = make_article(title="开发区高质量发展观察", body=BODY)
    context, tab = _tab(_playwright_browser, live_server, "[{lang: 'zh-CN', name: '婷婷'}]")
    tab.goto(article.get_absolute_url())
    play, stop = tab.locator(".read-play"), tab.locator(".read-stop")
    status = tab.locator(".read-aloud [role=status]")
    expect(play).to_be_visible()
    expect(play).to_have_text("语音朗读")
    assert stop.is_disabled()
    play.focus()
    tab.keyboard.press("Enter")
    assert tab.evaluate("window.__said") == ["开发区高质量发展观察"]
    assert tab.evaluate("window.__calls").count("speak:zh-CN") == 1
    expect(tab.locator(".is-reading")).to_have_text("开发区高质量发展观察")
    expect(status).to_have_text("正在朗读第 1 段，共 31 段")
    expect(play).to_have_text("暂停")
    expect(play).to_have_attribute("aria-pressed", "true")
    for _ in range(25):
        tab.evaluate("window.__finish()")
    expect(tab.locator(".is-reading")).to_have_text("第25段：开发区坚持创新驱动，推动产业升级。")
    assert tab.locator(".is-reading").count() == 1
    box = tab.locator(".is-reading").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 700  # scrolled into view
    expect(status).to_have_text("正在朗读第 26 段，共 31 段")
    tab.keyboard.press(" ")  # the play button still has the focus: Space pauses
    assert tab.evaluate("window.__calls").count("pause") == 1
    expect(play).to_have_text("继续")
    expect(status).to_have_text("朗读已暂停")
    tab.keyboard.press("Enter")
    assert tab.evaluate("window.__calls").count("resume") == 1
    expect(play).to_have_text("暂停")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "read-stop"
    tab.keyboard.press("Enter")
    expect(tab.locator(".is-reading")).to_have_count(0)
    expect(status).to_have_text("朗读已停止")
    expect(play).to_have_text("语音朗读")
    assert stop.is_disabled()
    said = len(tab.evaluate("window.__said"))
    tab.evaluate("window.__finish()")  # a late end of the cancelled utterance reads nothing more
    assert len(tab.evaluate("window.__said")) == said
    context.close()


def test_reading_to_the_end_stops_by_itself(_playwright_browser, live_server):
    """After the last paragraph the control is back to 语音朗读 and nothing stays highlighted."""
    article = make_article(title="短讯", body="<p>只有一段。</p>")
    context, tab = _tab(_playwright_browser, live_server, "[{lang: 'zh_CN', name: 'x'}]")
    tab.goto(article.get_absolute_url())
    tab.click(".read-play")
    tab.evaluate("window.__finish()")
    tab.evaluate("window.__finish()")
    assert tab.evaluate("window.__said") == ["短讯", "只有一段。"]
    expect(tab.locator(".is-reading")).to_have_count(0)
    expect(tab.locator(".read-play")).to_have_text("语音朗读")
    context.close()


@pytest.mark.parametrize("voices", ["[]", "[{lang: 'en-US', name: 'Samantha'}]"])
def test_hidden_where_the_browser_has_no_chinese_voice(_playwright_browser, live_server, voices):
    """No Chinese voice: no control (nothing shown that cannot work)."""
    article = make_article(title="开发区动态", body=BODY)
    context, tab = _tab(_playwright_browser, live_server, voices)
    tab.goto(article.get_absolute_url())
    tab.wait_for_load_state("load")
    assert not tab.locator(".read-aloud").is_visible()
    context.close()


def test_association_pages_offer_it_once_the_voices_arrive(_playwright_browser, live_server):
    """Voices that load late (voiceschanged) bring the control; association pages have it too."""
    page = Page.objects.create(title="协会简介", slug="about", body="<p>协会成立于1990年。</p>")
    context, tab = _tab(_playwright_browser, live_server, "[]")
    tab.goto(page.get_absolute_url())
    tab.wait_for_load_state("load")
    assert not tab.locator(".read-aloud").is_visible()
    tab.evaluate("window.__voicesArrive([{lang: 'zh-CN', name: '婷婷'}])")
    expect(tab.locator(".read-play")).to_be_visible()
    tab.click(".read-play")
    tab.evaluate("window.__finish()")
    assert tab.evaluate("window.__said") == ["协会简介", "协会成立于1990年。"]
    context.close()


def test_without_the_api_nothing_is_shown(_playwright_browser, live_server):
    """A browser without speech synthesis (the real headless Chromium) shows no control."""
    article = make_article(title="开发区动态", body=BODY)
    context = _playwright_browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    tab.goto(article.get_absolute_url())
    tab.wait_for_load_state("load")
    assert not tab.locator(".read-aloud").is_visible()
    context.close()
