// The review queue by keyboard: j/k move, Enter opens, v/d/x start a verdict, / searches, ? shows the keys.
// Plain script, no build step; every link it follows is also a normal link on the page.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  var dialog = document.querySelector("[data-shortcuts]");
  var opener = document.querySelector("[data-shortcuts-open]");
  var current = -1;
  var VERDICTS = { v: "verified", d: "disputed", x: "dismissed" };
  var POSITION_KEY = "queue-position:" + location.pathname + location.search;

  function select(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) {
      rows[current].classList.remove("is-selected");
      rows[current].removeAttribute("aria-current");
    }
    current = index;
    var row = rows[current];
    row.classList.add("is-selected");
    row.setAttribute("aria-current", "true");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    if (history.replaceState) history.replaceState(null, "", "#" + row.id);
  }

  function openCurrent(verdict) {
    if (current < 0) select(0);
    if (current < 0) return;
    var url = rows[current].getAttribute("data-open");
    try { sessionStorage.setItem(POSITION_KEY, String(current)); } catch (e) { /* private mode: no memory */ }
    if (verdict) url += (url.indexOf("?") < 0 ? "?" : "&") + "verdict=" + verdict;
    window.location.assign(url);
  }

  function toggleHelp() {
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // Coming back from a claim (#row-N) or a reload: keep the place in the queue. A claim that left the
  // queue (dismissed, say) has no row any more: the one now in its place is the next to do.
  if (location.hash.indexOf("#row-") === 0) {
    var back = rows.findIndex(function (row) { return "#" + row.id === location.hash; });
    if (back < 0) {
      var saved = null;
      try { saved = sessionStorage.getItem(POSITION_KEY); } catch (e) { saved = null; }
      if (saved !== null && rows.length) back = Math.min(parseInt(saved, 10) || 0, rows.length - 1);
    }
    if (back >= 0) select(back);
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function () { if (current !== index) select(index); });
  });
  if (opener) opener.addEventListener("click", toggleHelp);

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    if (dialog && dialog.open && event.key !== "?") return;
    var key = event.key;
    if (key === "j") select(current + 1);
    else if (key === "k") select(current < 0 ? 0 : current - 1);
    else if (key === "Enter" && current >= 0 && event.target === rows[current]) openCurrent(null);
    else if (VERDICTS[key]) openCurrent(VERDICTS[key]);
    else if (key === "?") toggleHelp();
    else if (key === "/") {
      var search = document.getElementById("f-search");
      if (search) search.focus();
    } else return;
    event.preventDefault();
  });
})();
