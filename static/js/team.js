// The team page: a button with data-copy="#input" copies that input's value (the new member's link) and says so.
(function () {
  "use strict";
  function copied(button) {
    button.textContent = button.dataset.copied;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { copied(button); }, function () {
        document.execCommand("copy");
        copied(button);
      });
    } else {
      document.execCommand("copy");
      copied(button);
    }
  });
})();
