// Runs before the first paint (a blocking file, so the content security policy needs no
// inline script): marks that JavaScript runs, so the phone menu starts folded, and
// applies the elder-friendly mode from its cookie (the server renders it too; this keeps a
// page from a shared cache right). Without JavaScript the menu simply stays open.
(function (root, script) {
  "use strict";
  root.className = root.className.replace(/\bno-js\b/, "js");
  var name = (script && script.getAttribute("data-elder-cookie")) || "elder";
  root.classList.toggle("elder", document.cookie.split("; ").indexOf(name + "=1") >= 0);
})(document.documentElement, document.currentScript);
