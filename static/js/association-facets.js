// Zone directory facets: the checkboxes are sent with the "筛选" button; this submits the
// form as soon as a box changes. The button stays (hiding it late would move the results).
(function () {
  "use strict";

  var facets = document.querySelector("[data-facets-form]");
  if (!facets) return;
  var form = document.getElementById(facets.getAttribute("data-facets-form"));
  if (!form) return;
  facets.addEventListener("change", function (event) {
    if (event.target.type !== "checkbox") return;
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();
