// The upload page while the request runs: the answer comes after the claims are extracted (the first
// upload after a restart also waits for the language model), so say so and keep the button from a second
// click, which would only upload the same article again. Plain script, no build step; the form works without it.
(function () {
  "use strict";
  var form = document.querySelector("[data-upload-form]");
  if (!form) return;
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector("[data-upload-status]");
  var busy = false;

  function setBusy(on) {
    busy = on;
    if (on) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
    if (button) button.disabled = on;
    // The live region is on the page from the start (empty), so changing its text is announced.
    if (status) status.textContent = on ? status.getAttribute("data-busy-text") || "" : "";
  }

  form.addEventListener("submit", function (event) {
    if (busy) {
      event.preventDefault();
      return;
    }
    // Disabling the button inside the submit handler does not cancel this submission.
    setBusy(true);
  });

  // Back to this page from the browser's history (bfcache): the form is usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) setBusy(false);
  });
})();
