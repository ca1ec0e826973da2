// Every page with forms: after a refused submit, focus the first message, so the reader sees it where the
// form is (with what they typed kept by the server) instead of scrolling back to a banner at the top.
(function () {
  "use strict";
  var firstError = document.querySelector(".form-errors, .has-error");
  if (firstError) {
    var field = firstError.querySelector("input:not([type=hidden]), textarea, select");
    var target = firstError.classList.contains("form-errors") ? firstError : field || firstError;
    if (target === firstError) firstError.tabIndex = -1;
    target.focus();
    firstError.scrollIntoView({ block: "center" });
  }
})();
