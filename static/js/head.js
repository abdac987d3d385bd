// Runs before the first paint (a blocking file, so the content security policy needs no
// inline script): marks that JavaScript runs, so the phone menu starts folded, and
// restores the elder-friendly mode. Without JavaScript the menu simply stays open.
(function (root) {
  "use strict";
  root.className = root.className.replace(/\bno-js\b/, "js");
  try {
    if (window.localStorage.getItem("portal.elder") === "1") root.classList.add("elder");
  } catch (e) {
    /* storage blocked: the page stays in the standard mode */
  }
})(document.documentElement);
