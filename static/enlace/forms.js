/* Enlace's forms for keyboard and screen-reader users.
   A form that failed to submit opens with the focus on its error summary, so that it is read out first;
   a link of the summary moves the focus to its field and shows the field's label with it. The same holds
   for a form that htmx swaps in. Loaded with the page's CSP nonce: no inline script or handler. */
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = root.matches && root.matches("[data-error-summary]") ? root : root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // The label (or a list of choices' legend) above the field stays in sight when the field takes the focus.
  function labelOf(field) {
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    if (field.labels && field.labels.length) {
      return field.labels[0];
    }
    return legend;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = labelOf(field);
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  document.addEventListener("htmx:load", function (event) {
    focusSummary(event.detail.elt);
  });

  focusSummary(document);
})();
