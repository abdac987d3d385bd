// Progressive enhancements for the site chrome. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("main-nav");
    if (!toggle || !nav) return;
    var label = toggle.querySelector(".menu-toggle-label");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.setAttribute("data-collapsed", open ? "false" : "true");
      label.textContent = open ? toggle.dataset.closeLabel : toggle.dataset.openLabel;
    }
    setOpen(false);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // Close an open header popover (bookmark hint, WeChat QR) when another opens or on Escape.
  function setUpPopovers() {
    var popovers = document.querySelectorAll("details.popover");
    popovers.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) return;
        popovers.forEach(function (other) { if (other !== details) other.open = false; });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      popovers.forEach(function (details) {
        if (details.open) { details.open = false; details.querySelector("summary").focus(); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpMenu(); setUpPopovers(); });
  } else {
    setUpMenu();
    setUpPopovers();
  }
})();
