// The API documentation (/api/docs/): Swagger UI draws the parameters of an
// operation without labels for its choice boxes ("true"/"false"); each gets
// its parameter's name, also for rows drawn later (on "Try it out").
"use strict";
(function () {
  function label(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (box) {
      var row = box.closest("tr[data-param-name]");
      box.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
  }
  var docs = document.getElementById("swagger-ui");
  if (!docs) return;
  new MutationObserver(function () { label(docs); }).observe(docs, { childList: true, subtree: true });
})();
