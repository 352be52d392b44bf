// The coordinators' admin (templates/admin/base_site.html): what Django's own
// scripts leave for screen readers and keyboard users.
"use strict";
(function () {
  function polish(root) {
    // The search icon of a selection box is a <span> with an aria-label, which
    // ARIA allows on elements with a role only (axe: aria-prohibited-attr).
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // An inline that scrolls sideways on a narrow screen must be reachable by keyboard.
    root.querySelectorAll(".inline-group").forEach(function (group) {
      var heading = group.querySelector("h2[id]");
      if (group.scrollWidth > group.clientWidth + 1) {
        group.setAttribute("tabindex", "0");
        group.setAttribute("role", "region");
        if (heading) group.setAttribute("aria-labelledby", heading.id);
      } else if (group.getAttribute("role") === "region") {
        group.removeAttribute("tabindex");
        group.removeAttribute("role");
        group.removeAttribute("aria-labelledby");
      }
    });
  }
  // Django builds the selection boxes on "load"; run after its handlers.
  window.addEventListener("load", function () {
    window.setTimeout(function () { polish(document); }, 0);
  });
  window.addEventListener("resize", function () { polish(document); });
  document.addEventListener("formset:added", function () { polish(document); });
})();
