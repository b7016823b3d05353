// Behaviour every page may use, declared in the markup (the Content-Security-Policy allows no inline handlers):
// data-submit-on-change on a field submits its form; data-confirm on a form asks before it is sent.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
