// Reading pages (articles; association pages use read aloud only): the tools that need
// JavaScript, made here with their labels from the JavaScript catalogue (jsi18n, loaded
// before this file), so the page carries none of them: 语音朗读, font size 大/中/小
// (remembered in localStorage), the copy link's status, 打印; and the article's view count.
// The page reads fine without this file.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };

  function make(parent, tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    if (parent) parent.appendChild(element);
    return element;
  }

  // 语音朗读: reads the article or association page aloud with the browser's own speech
  // synthesis (a Chinese voice; no third-party service, nothing leaves the browser). One
  // utterance per paragraph, so the paragraph being read is highlighted and scrolled into
  // view, and long texts are not cut off. The control stays hidden without a Chinese voice
  // (or without JavaScript: the page has only data-read-aloud, the id of what is read, on
  // the element whose first child the controls become).
  function setUpReadAloud() {
    var synth = window.speechSynthesis;
    var place = document.querySelector("[data-read-aloud]");
    if (!place || !synth || !window.SpeechSynthesisUtterance) return;
    var root = document.getElementById(place.getAttribute("data-read-aloud"));
    // The group and its controls: play, stop and the status line a screen reader hears.
    var group = make(null, "div", "read-aloud");
    group.hidden = true;
    place.insertBefore(group, place.firstChild);
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", gettext("Read aloud"));
    var play = make(group, "button", "read-play", gettext("Read aloud"));
    var stop = make(group, "button", "read-stop", gettext("Stop"));
    var status = make(group, "span", "read-status visually-hidden");
    play.type = stop.type = "button";
    stop.disabled = true;
    status.setAttribute("role", "status");
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var voice = null;
    var blocks = [];
    var index = -1;
    var state = "stopped"; // "playing", "paused" or "stopped"
    var run = 0; // bumped on every stop, so a late "end" of a cancelled utterance is ignored

    function chineseVoice() {
      var voices = synth.getVoices() || [];
      var zh = voices.filter(function (v) { return /^(zh|cmn)/i.test(v.lang); });
      return zh.filter(function (v) { return /CN|Hans/i.test(v.lang); })[0] || zh[0] || null;
    }

    function say(message) {
      status.textContent = message;
    }

    function sayReading() {
      say(gettext("Reading paragraph %(n)s of %(total)s")
        .replace("%(n)s", index + 1).replace("%(total)s", blocks.length));
    }

    function mark(block) {
      blocks.forEach(function (b) { b.classList.remove("is-reading"); });
      if (!block) return;
      block.classList.add("is-reading");
      block.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    }

    function setState(next) {
      state = next;
      play.textContent = next === "playing" ? gettext("Pause") : next === "paused" ? gettext("Resume") : gettext("Read aloud");
      play.setAttribute("aria-pressed", next === "playing" ? "true" : "false");
      stop.disabled = next === "stopped";
    }

    function speak(i, current) {
      if (current !== run) return;
      if (i >= blocks.length) { finish(); return; }
      index = i;
      mark(blocks[i]);
      sayReading();
      var utterance = new SpeechSynthesisUtterance(blocks[i].textContent.trim());
      utterance.lang = voice.lang;
      utterance.voice = voice;
      utterance.onend = function () { speak(i + 1, current); };
      synth.speak(utterance);
    }

    function finish() {
      run += 1;
      synth.cancel();
      mark(null);
      setState("stopped");
    }

    play.addEventListener("click", function () {
      if (state === "playing") {
        synth.pause();
        setState("paused");
        say(gettext("Reading paused"));
      } else if (state === "paused") {
        synth.resume();
        setState("playing");
        sayReading();
      } else {
        blocks = Array.prototype.filter.call(
          root.querySelectorAll("h1, h2, h3, h4, p, li, td, blockquote, figcaption"),
          function (b) { return b.textContent.trim() && !b.querySelector("p, li") && !b.closest(".article-tools, .read-aloud"); }
        );
        if (!blocks.length) return;
        synth.cancel();
        setState("playing");
        speak(0, run);
      }
    });
    stop.addEventListener("click", function () {
      finish();
      say(gettext("Reading stopped"));
      play.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && state !== "stopped") { finish(); say(gettext("Reading stopped")); }
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });

    function offer() {
      voice = chineseVoice();
      group.hidden = !voice;
    }
    offer();
    if (!voice && synth.addEventListener) synth.addEventListener("voiceschanged", offer);
  }

  var KEY = "portal.articleFontSize";
  var SIZES = ["large", "medium", "small"];

  function storedSize() {
    try {
      var size = window.localStorage.getItem(KEY);
      return SIZES.indexOf(size) >= 0 ? size : null;
    } catch (e) {
      return null;
    }
  }

  // 字号: a group of three buttons, before the share links.
  function setUpFontSize() {
    var article = document.getElementById("article");
    var share = document.querySelector(".article-tools .share");
    if (!article || !share) return;
    var group = make(null, "div", "font-size");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", gettext("Font size"));
    make(group, "span", "", gettext("Font size:")).setAttribute("aria-hidden", "true");
    var names = {
      large: [gettext("Large"), gettext("Large text")],
      medium: [gettext("Medium"), gettext("Medium text")],
      small: [gettext("Small"), gettext("Small text")]
    };
    var buttons = SIZES.map(function (size) {
      var button = make(group, "button", "", names[size][0]);
      button.type = "button";
      button.setAttribute("data-font-size", size);
      button.setAttribute("aria-label", names[size][1]);
      return button;
    });
    function apply(size) {
      article.setAttribute("data-font-size", size);
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", button.dataset.fontSize === size ? "true" : "false");
      });
    }
    apply(storedSize() || "medium");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        apply(button.dataset.fontSize);
        try { window.localStorage.setItem(KEY, button.dataset.fontSize); } catch (e) { /* private mode */ }
      });
    });
    share.parentNode.insertBefore(group, share);
  }

  // 复制链接 copies the address where the browser lets a page do so; the status line after
  // it (made before any click, so screen readers follow it) says it is done. Without that,
  // it stays a link to the page.
  function setUpCopyLink() {
    var link = document.querySelector(".copy-link");
    if (!link || !navigator.clipboard) return;
    var status = make(null, "span", "copy-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    link.parentNode.insertBefore(status, link.nextSibling);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        status.textContent = gettext("Link copied");
      });
    });
  }

  // 打印, at the end of the share links.
  function setUpPrint() {
    var share = document.querySelector(".article-tools .share");
    if (!share) return;
    var button = make(share, "button", "print-button", gettext("Print"));
    button.type = "button";
    button.addEventListener("click", function () { window.print(); });
  }

  // Counts a reading of the article: the page may come from a cache, so the server counts
  // the view when this beacon arrives, and the figure shown is replaced by the current one.
  // Readers without JavaScript (and crawlers) see the cached figure and are not counted.
  function countView() {
    var figure = document.querySelector("[data-count-url]");
    if (!figure || !window.fetch) return;
    fetch(figure.dataset.countUrl, {
      method: "POST",
      credentials: "omit",
      headers: { "Accept": "application/json" },
      keepalive: true
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && typeof data.views === "number") figure.textContent = String(data.views);
      })
      .catch(function () { /* keep the cached figure */ });
  }

  function init() {
    setUpReadAloud();
    setUpFontSize();
    setUpCopyLink();
    setUpPrint();
    countView();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
