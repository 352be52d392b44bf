// What the portal's pages do in the browser beyond HTML and htmx: where focus
// goes after a form was sent (docs/architecture.md, "Forms and feedback").
(function () {
  "use strict";

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) { return false; }
    // The label (or the group's legend) above the field stays in view.
    var label = document.querySelector('label[for="' + id + '"]');
    var fieldset = field.closest("fieldset");
    var legend = fieldset ? fieldset.querySelector("legend") : null;
    (legend || label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-link]");
    if (link && focusField(link.getAttribute("href").slice(1))) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A failed submit: the error summary; a successful action: its message.
    var target = document.querySelector("[data-error-summary]") ||
      document.querySelector(".ikone-messages [data-message]");
    if (target) {
      target.focus();
    }
  });
})();
