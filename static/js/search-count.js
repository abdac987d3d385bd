// Counts a search for the editors' statistics: the results page may come from a cache, so
// the server counts it when this beacon arrives. It sends the page's signed token (the
// normalised query and whether anything was found) and nothing else: no cookie, no id.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.token || !window.fetch || !window.URLSearchParams) return;
  fetch(script.dataset.countUrl, {
    method: "POST",
    credentials: "omit",
    body: new URLSearchParams({ t: script.dataset.token }),
    keepalive: true
  }).catch(function () { /* a search not counted is no reader's problem */ });
})();
