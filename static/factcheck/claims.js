// The article and claim pages: the single review form, source rows, and corrections of the machine's cut.
// Progressive enhancement only: every form here also works without this script (see the templates).
(function () {
  "use strict";

  // Offsets into article.body: each text piece on the page carries data-start, the body offset it begins at.
  function bodyOffset(node, offset) {
    var el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    var holder = el && el.closest("[data-start]");
    if (!holder) return null;
    if (node.nodeType !== Node.TEXT_NODE) {
      // A selection edge between elements: count the characters of the children before it.
      var chars = 0;
      for (var i = 0; i < offset && i < node.childNodes.length; i++) chars += node.childNodes[i].textContent.length;
      offset = chars;
    }
    return parseInt(holder.dataset.start, 10) + offset;
  }

  function selectedSpan(container) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    var start = bodyOffset(range.startContainer, range.startOffset);
    var end = bodyOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end, text: sel.toString() };
  }

  function fillSpan(form, prefix, span) {
    form.querySelector("[name=" + prefix + "-start]").value = span.start;
    form.querySelector("[name=" + prefix + "-end]").value = span.end;
    var text = form.querySelector("[name=" + prefix + "-text]");
    if (text) text.value = span.text.trim();
  }

  function clearSpanOnEdit(form, prefix) {
    // Typing in the text box means "find this text": the offsets of an earlier selection no longer apply.
    var text = form.querySelector("[name=" + prefix + "-text]");
    if (!text) return;
    text.addEventListener("input", function () {
      form.querySelector("[name=" + prefix + "-start]").value = "";
      form.querySelector("[name=" + prefix + "-end]").value = "";
    });
  }

  // Article page: selecting text in the body fills the "add a claim" form.
  var body = document.querySelector("[data-article-body]");
  var addForm = document.querySelector(".add-claim-form");
  if (body && addForm) {
    clearSpanOnEdit(addForm, "add");
    document.addEventListener("selectionchange", function () {
      var span = selectedSpan(body);
      if (span) fillSpan(addForm, "add", span);
    });
  }

  // Claim page: a selection in the sentence-in-context proposes the new span.
  var context = document.querySelector(".claim-in-context");
  var respan = document.querySelector(".respan-form");
  if (context && respan) {
    clearSpanOnEdit(respan, "respan");
    document.addEventListener("selectionchange", function () {
      var span = selectedSpan(context);
      if (span) fillSpan(respan, "respan", span);
    });
  }

  // Claim page: click where the claim should be cut.
  var split = document.querySelector(".split-form");
  if (split) {
    var sentence = split.querySelector(".split-text");
    var preview = split.querySelector(".split-preview");
    var at = split.querySelector("[name=split-at]");
    var words = split.querySelector("[name=split-starts_with]");
    sentence.hidden = false;
    sentence.tabIndex = 0;
    sentence.setAttribute("role", "button");
    // The label comes translated from the page (SplitForm puts it on the words field); %(sentence)s is
    // where the sentence goes. A function as replacement, so a "$&" in the sentence stays as it is.
    var label = words.getAttribute("data-split-label");
    if (label) {
      sentence.setAttribute("aria-label", label.replace("%(sentence)s", function () { return sentence.textContent; }));
    }
    sentence.addEventListener("click", function () {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0) return;
      var range = sel.getRangeAt(0);
      var offset = bodyOffset(range.startContainer, range.startOffset);
      if (offset === null) return;
      var local = offset - parseInt(sentence.dataset.start, 10);
      var text = sentence.textContent;
      at.value = offset;
      words.value = text.slice(local).trim().split(/\s+/).slice(0, 3).join(" ");
      preview.hidden = false;
      preview.textContent = "「" + text.slice(0, local).trim() + "」 / 「" + text.slice(local).trim() + "」";
    });
    words.addEventListener("input", function () { at.value = ""; });
  }

  // Source rows: add and remove without a reload, up to the form's cap.
  document.querySelectorAll("[data-sources]").forEach(function (box) {
    var max = parseInt(box.dataset.max, 10);
    var template = box.querySelector("template[data-source-template]");
    var add = box.querySelector("[data-add-source]");
    function rows() { return box.querySelectorAll("[data-source-row]"); }
    function renumber() {
      rows().forEach(function (row, i) {
        row.querySelector("[data-source-number]").textContent = i + 1;
        row.querySelectorAll("[name]").forEach(function (input) {
          var old = input.id;
          input.name = input.name.replace(/source_(\d+|__n__)_/, "source_" + (i + 1) + "_");
          input.id = input.id.replace(/source_(\d+|__n__)_/, "source_" + (i + 1) + "_");
          var label = row.querySelector("label[for='" + old + "']");
          if (label) label.htmlFor = input.id;
        });
        var remove = row.querySelector("[data-remove-source]");
        remove.hidden = rows().length === 1;
      });
      add.hidden = rows().length >= max;
    }
    add.addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      add.parentElement.before(row);
      renumber();
      row.querySelector("input").focus();
    });
    box.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-remove-source]");
      if (!remove) return;
      remove.closest("[data-source-row]").remove();
      renumber();
      add.focus();
    });
    renumber();
  });

  // Article page: one review form, moved into the card being reviewed.
  var panel = document.getElementById("review-panel");
  if (panel) {
    var form = panel.querySelector("form");
    var version = form.querySelector("[name=review-version]");
    var next = form.querySelector("[name=next]");
    document.addEventListener("click", function (event) {
      var button = event.target.closest(".js-review");
      if (!button) return;
      event.preventDefault();
      var card = button.closest(".claim");
      form.action = button.dataset.action;
      version.value = button.dataset.version;
      if (next) next.value = window.location.pathname + window.location.search + "#claim-" + button.dataset.claim;
      card.appendChild(panel);
      panel.hidden = false;
      panel.querySelector("details").open = true;
      var first = form.querySelector("input[type=radio]");
      if (first) first.focus();
    });
  }

})();
