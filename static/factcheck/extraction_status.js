// The article page while its claims are extracted in a worker (FACTCHECK_TASK_BACKEND=database): ask the
// API for the article's status every few seconds and reload once extraction is done or has failed.
// Without this script the message asks the reader to reload. Plain script, no build step.
(function () {
  "use strict";
  var box = document.querySelector("[data-extraction-status]");
  if (!box || !window.fetch) return;
  var text = box.querySelector("[data-extraction-text]");
  var url = box.getAttribute("data-status-url");
  var delay = 2000;
  var MAX_DELAY = 15000; // a long queue should not cost a request every two seconds per open tab
  var GIVE_UP = Date.now() + 30 * 60 * 1000;
  var typed = false;

  function say(attribute) {
    var message = text && text.getAttribute(attribute);
    if (message) text.textContent = message;
  }

  // A reviewer may be writing a note in a claim's form below (a re-extraction keeps the old claims on
  // the page): never reload over what they typed, tell them instead.
  document.addEventListener("input", function () { typed = true; });

  function finished() {
    if (typed) say("data-done-text");
    else window.location.reload();
  }

  function schedule() {
    if (Date.now() > GIVE_UP) {
      say("data-stopped-text");
      return;
    }
    window.setTimeout(poll, delay);
    delay = Math.min(Math.round(delay * 1.5), MAX_DELAY);
  }

  function poll() {
    if (document.hidden) { // a background tab asks again when it is looked at
      document.addEventListener("visibilitychange", poll, { once: true });
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (article) {
        if (article.extraction_status === "done" || article.extraction_status === "failed") finished();
        else schedule();
      })
      .catch(function () { say("data-stopped-text"); });
  }

  say("data-live-text");
  schedule();
})();
