// Hides a question while the earlier answer it depends on says otherwise. Only a convenience: the server leaves
// out the answer to a question whose condition is not met, with or without this script.
(function () {
  "use strict";
  function update(form) {
    var hidden = new Set();
    form.querySelectorAll("[data-shown-if-field]").forEach(function (question) {
      var field = question.getAttribute("data-shown-if-field");
      var wanted = question.getAttribute("data-shown-if-value");
      var source = form.querySelector('[data-question-field="' + field + '"]');
      var met = false;
      if (source && !hidden.has(source)) {
        form.querySelectorAll('input[name="' + field + '"]').forEach(function (input) {
          if (input.checked && input.value === wanted) {
            met = true;
          }
        });
      }
      question.hidden = !met;
      if (!met) {
        hidden.add(question);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-questionnaire]");
    if (!form) {
      return;
    }
    form.addEventListener("change", function () {
      update(form);
    });
    update(form);
  });
})();
