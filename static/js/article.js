// Article page: font-size switch (remembered in localStorage), copy link, print.
// The page reads fine without this file; the buttons it needs stay hidden then.
(function () {
  "use strict";
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

  function setUpFontSize() {
    var article = document.getElementById("article");
    var group = document.querySelector(".font-size");
    if (!article || !group) return;
    // The caption and one button per size, from the labels the page carries.
    var labels = (group.getAttribute("data-labels") || "").split("|");
    var caption = document.createElement("span");
    caption.setAttribute("aria-hidden", "true");
    caption.textContent = labels[0];
    group.appendChild(caption);
    SIZES.forEach(function (size, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-font-size", size);
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-label", labels[2 * i + 2]);
      button.textContent = labels[2 * i + 1];
      group.appendChild(button);
    });
    var buttons = group.querySelectorAll("button[data-font-size]");
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
    group.hidden = false;
  }

  function setUpCopyLink() {
    var link = document.querySelector(".copy-link");
    var status = document.querySelector(".copy-status");
    if (!link || !navigator.clipboard) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) status.textContent = link.dataset.copiedLabel;
      });
    });
  }

  function setUpPrint() {
    var button = document.querySelector(".print-button");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  function init() {
    setUpFontSize();
    setUpCopyLink();
    setUpPrint();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
