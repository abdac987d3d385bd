// 语音朗读: reads an article or an association page aloud with the browser's own speech
// synthesis (a Chinese voice; no third-party service, nothing leaves the browser). One
// utterance per paragraph, so the paragraph being read is highlighted and scrolled into
// view, and long texts are not cut off. The control stays hidden without a Chinese voice.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var group = document.querySelector("[data-read-aloud]");
  if (!group || !synth || !window.SpeechSynthesisUtterance) return;
  var root = document.getElementById(group.getAttribute("data-read-aloud"));
  // The controls are made here (the page carries only their labels): play, stop, status.
  var labels = (group.getAttribute("data-labels") || "").split("|");
  function make(tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    if (text) element.textContent = text;
    group.appendChild(element);
    return element;
  }
  var play = make("button", "read-play", group.getAttribute("aria-label"));
  var stop = make("button", "read-stop", labels[2]);
  var status = make("span", "read-status visually-hidden");
  play.type = stop.type = "button";
  stop.disabled = true;
  status.setAttribute("role", "status");
  play.dataset.play = play.textContent;
  play.dataset.pause = labels[0];
  play.dataset.resume = labels[1];
  status.dataset.reading = labels[3];
  status.dataset.paused = labels[4];
  status.dataset.stopped = labels[5];
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
    say(status.dataset.reading.replace("{n}", index + 1).replace("{total}", blocks.length));
  }

  function mark(block) {
    blocks.forEach(function (b) { b.classList.remove("is-reading"); });
    if (!block) return;
    block.classList.add("is-reading");
    block.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }

  function setState(next) {
    state = next;
    play.textContent = play.dataset[next === "playing" ? "pause" : next === "paused" ? "resume" : "play"];
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
      say(status.dataset.paused);
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
    say(status.dataset.stopped);
    play.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state !== "stopped") { finish(); say(status.dataset.stopped); }
  });
  window.addEventListener("pagehide", function () { synth.cancel(); });

  function offer() {
    voice = chineseVoice();
    group.hidden = !voice;
  }
  offer();
  if (!voice && synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
