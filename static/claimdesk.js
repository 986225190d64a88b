// Claimdesk keyboard and selection helpers. Loaded from static/ (CSP script-src 'self'); no inline code.
(function () {
  "use strict";

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function statementLinks() {
    return Array.from(document.querySelectorAll("a.statement-link"));
  }

  function markFor(link) {
    var id = link && link.getAttribute("data-statement");
    return id ? document.getElementById("statement-" + id) : null;
  }

  function select(link) {
    statementLinks().forEach(function (other) { other.classList.remove("current"); });
    document.querySelectorAll("mark.stmt.current").forEach(function (m) { m.classList.remove("current"); });
    link.classList.add("current");
    link.focus();
    var mark = markFor(link);
    if (mark) {
      mark.classList.add("current");
      mark.scrollIntoView({ block: "nearest" });
    }
  }

  // j / k: next / previous statement; opens its claim when the page has a claim panel.
  function move(step) {
    var links = statementLinks();
    if (!links.length) return;
    var index = links.findIndex(function (l) { return l.classList.contains("current"); });
    var next = links[Math.min(links.length - 1, Math.max(0, index < 0 ? 0 : index + step))];
    select(next);
    if (document.getElementById("claim-panel") && next.hasAttribute("data-hx-get")) next.click();
  }

  function clickStatus(value) {
    var button = document.querySelector("#review-form button[name='status'][value='" + value + "']");
    if (button) button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    var key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
    } else if (key === "e" || key === "u" || key === "c") {
      var value = { e: "evidenced", u: "unevidenced", c: "contested" }[key];
      if (document.querySelector("#review-form")) {
        event.preventDefault();
        clickStatus(value);
      }
    } else if (key === "p") {
      var publish = document.querySelector("#publish-form button[type='submit']");
      if (publish) {
        event.preventDefault();
        publish.click();
      }
    } else if (key === "s" || key === "d") {
      // s / d: the first open possible match is the same claim / a different claim.
      var answer = document.querySelector(
        "#claim-panel .possible-match " + (key === "s" ? "button.match-confirm" : "button.match-reject")
      );
      if (answer) {
        event.preventDefault();
        answer.click();
      }
    } else if (key === "n") {
      var note = document.querySelector("#review-form textarea[name='note']");
      if (note) {
        event.preventDefault();
        note.focus();
      }
    } else if (key === "Enter" && event.target.matches && event.target.matches("mark.stmt")) {
      event.preventDefault();
      openFromMark(event.target);
    }
  });

  // A highlighted statement in the text opens its claim like the matching list entry.
  function openFromMark(mark) {
    var link = document.querySelector("a.statement-link[data-statement='" + mark.getAttribute("data-statement") + "']");
    if (link) {
      select(link);
      link.click();
    }
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.stmt");
    if (mark && !window.getSelection().toString()) openFromMark(mark);
  });

  // After a review saved through htmx, recolour the claim's marks and list entries.
  document.addEventListener("claimStatusChanged", function (event) {
    var detail = event.detail || {};
    document.querySelectorAll("[data-claim='" + detail.claim + "']").forEach(function (el) {
      Array.from(el.classList).forEach(function (c) { if (c.indexOf("status-") === 0) el.classList.remove(c); });
      el.classList.add("status-" + detail.status);
    });
  });

  // --- Adding a missed statement: selection offsets within the article text -------------------
  // Every piece of the text carries data-start (its offset in the stored text, in code points), so
  // an offset is the piece's start plus the code points selected before the caret in that piece.
  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetOf(node, offset) {
    var element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (element.closest("[data-skip]")) {
      var owner = element.closest("[data-start]");
      return owner ? Number(owner.getAttribute("data-start")) + codePoints(owner.firstChild.textContent) : null;
    }
    var piece = element.closest("[data-start]");
    if (!piece) return null;
    var base = Number(piece.getAttribute("data-start"));
    if (node.nodeType === Node.TEXT_NODE) return base + codePoints(node.textContent.slice(0, offset));
    return offset === 0 ? base : base + codePoints(piece.firstChild.textContent);
  }

  function onSelection() {
    var container = document.getElementById("article-text");
    var form = document.getElementById("add-statement-form");
    if (!container || !form) return;
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    form.querySelector("[name='start']").value = start;
    form.querySelector("[name='end']").value = end;
    // Offsets win over typed words in the service; clear the words so the two cannot disagree.
    form.querySelector("[name='text']").value = "";
    var preview = document.getElementById("selection-preview");
    if (preview) preview.textContent = "Selected characters " + start + "–" + end + ".";
  }

  document.addEventListener("mouseup", onSelection);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) onSelection();
  });

  // Arriving at article#statement-N: show that statement as current.
  document.addEventListener("DOMContentLoaded", function () {
    var match = /^#statement-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    var link = document.querySelector("a.statement-link[data-statement='" + match[1] + "']");
    if (link) select(link);
    var mark = document.getElementById("statement-" + match[1]);
    if (mark) mark.focus();
  });
})();
