// Counts a reading of the article: the page may come from a cache, so the server counts
// the view when this beacon arrives, and the figure shown is replaced by the current one.
// Readers without JavaScript (and crawlers) see the cached figure and are not counted.
(function () {
  "use strict";
  var figure = document.querySelector(".view-count[data-count-url]");
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
})();
