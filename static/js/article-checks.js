// The article form's content checks (内容检查): the panel is rendered with the form; this
// runs the same checks on the server again for the text as it is now, without saving, when
// the editor asks or chooses to submit or publish. The form works without it.
(function () {
  "use strict";
  var panel = document.getElementById("content-checks");
  if (!panel || !window.fetch || !window.FormData) return;
  var form = panel.closest("form");
  var results = panel.querySelector(".content-checks-results");
  var button = document.getElementById("content-checks-run");
  var status = panel.querySelector(".content-checks-status");
  if (!form || !results || !button) return;
  panel.querySelector(".content-checks-actions").hidden = false;

  function value(name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value : "";
  }

  function run() {
    var data = new FormData();
    ["title", "subtitle", "summary", "body", "csrfmiddlewaretoken"].forEach(function (name) {
      data.append(name, value(name));
    });
    data.append("object", panel.dataset.object || "");
    button.disabled = true;
    status.textContent = button.dataset.busy || "…";
    fetch(panel.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        results.innerHTML = html;
        status.textContent = "";
      })
      .catch(function () { status.textContent = panel.dataset.failed || "!"; })
      .then(function () { button.disabled = false; });
  }

  button.addEventListener("click", run);
  var statusField = form.elements.namedItem("status");
  if (statusField) {
    statusField.addEventListener("change", function () {
      if (statusField.value === "pending" || statusField.value === "published") run();
    });
  }
})();
