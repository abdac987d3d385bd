// Progressive enhancements for the site chrome. Every page works without this file;
// head.js has already set the js class (menu folded on phones) and the elder mode.
// Labels come from the JavaScript catalogue (jsi18n, loaded before this file); without
// it they stay in English rather than break the page.
(function () {
  "use strict";
  var root = document.documentElement;
  var gettext = window.gettext || function (text) { return text; };

  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("main-nav");
    if (!toggle || !nav) return;
    var label = toggle.querySelector("span");
    toggle.type = "button";
    toggle.setAttribute("aria-controls", nav.id);
    toggle.setAttribute("aria-expanded", "false");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
      label.textContent = open ? gettext("Close menu") : gettext("Open menu");
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
    // Sub-menus fold on phones; each entry's button opens its own. The buttons are made
    // here: without JavaScript nothing folds, so the page does not carry them.
    var subLabel = gettext("Sub-menu of %s");
    nav.querySelectorAll(".has-children").forEach(function (item, index) {
      var menu = item.querySelector("ul");
      var button = document.createElement("button");
      var hidden = document.createElement("span");
      menu.id = menu.id || "nav-sub-" + (index + 1);
      button.type = "button";
      button.className = "sub-toggle js-only";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", menu.id);
      hidden.className = "visually-hidden";
      hidden.textContent = subLabel.replace("%s", item.querySelector("a").textContent);
      button.appendChild(hidden);
      item.insertBefore(button, menu);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        item.classList.toggle("is-open", open);
      });
    });
  }

  // Header popovers (WeChat QR, QQ group, share): one open at a time; a tap outside or
  // Escape closes them.
  function setUpPopovers() {
    var popovers = document.querySelectorAll("details.popover");
    if (!popovers.length) return;
    popovers.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) return;
        popovers.forEach(function (other) { if (other !== details) other.open = false; });
      });
    });
    document.addEventListener("click", function (event) {
      popovers.forEach(function (details) {
        if (details.open && !details.contains(event.target)) details.open = false;
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      popovers.forEach(function (details) {
        if (details.open) { details.open = false; details.querySelector("summary").focus(); }
      });
    });
  }

  // Elder-friendly mode: the same cookie as the /elder/ links set without JavaScript,
  // switched in place (head.js applies it on every page, the server renders it).
  function setUpElderMode() {
    var script = document.querySelector("script[data-elder-cookie]");
    var name = (script && script.getAttribute("data-elder-cookie")) || "elder";
    document.querySelectorAll(".elder-on, .elder-off").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var on = !root.classList.contains("elder");
        root.classList.toggle("elder", on);
        document.cookie = name + "=" + (on ? "1; max-age=31536000" : "; max-age=0") +
          "; path=/; samesite=lax" + (location.protocol === "https:" ? "; secure" : "");
        var other = document.querySelector(on ? ".elder-off" : ".elder-on");
        if (other) other.focus();
      });
    });
  }

  // Back to top: shown once the reader has scrolled more than a screen down.
  function setUpBackToTop() {
    var link = document.querySelector(".back-to-top");
    if (!link) return;
    var pending = false;
    function update() {
      pending = false;
      link.classList.toggle("is-visible", window.scrollY > window.innerHeight);
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }

  // Copy buttons next to tracking numbers and codes (data-copy = id of the text to copy).
  function setUpCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var status = button.parentNode.querySelector(".copy-done");
          if (status) status.textContent = button.dataset.copiedLabel;
        });
      });
    });
  }

  // After a failed submit, focus goes to the first field with an error, so keyboard and
  // screen reader users start where the problem is.
  function focusFirstError() {
    var field = document.querySelector(".has-error input:not([type=hidden]), .has-error select, .has-error textarea");
    if (field) field.focus();
  }

  // 看不清，换一张: a new captcha picture without losing what was typed.
  function setUpCaptchaRefresh() {
    document.querySelectorAll(".captcha-refresh").forEach(function (button) {
      var box = button.closest(".captcha-box");
      if (!box || !window.fetch) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        fetch(button.dataset.url, { headers: { "X-Requested-With": "XMLHttpRequest" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            box.querySelector(".captcha-image").src = data.image_url;
            box.querySelector("input[type=hidden]").value = data.key;
            var answer = box.querySelector(".captcha-answer");
            answer.value = "";
            answer.focus();
          });
      });
    });
  }

  function init() {
    setUpMenu();
    setUpPopovers();
    setUpElderMode();
    setUpBackToTop();
    setUpCopyButtons();
    setUpCaptchaRefresh();
    focusFirstError();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
