// Reorder the agenda by drag and drop (native HTML5 API), posting the new order through htmx.
// The "Monter" / "Descendre" buttons do the same without a mouse or without JavaScript.
(function () {
  "use strict";
  var dragged = null;

  function list(el) { return el && el.closest ? el.closest("[data-sortable]") : null; }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-sortable] > li[draggable]");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-id"));
  });

  document.addEventListener("dragover", function (event) {
    var item = event.target.closest && event.target.closest("[data-sortable] > li");
    if (!dragged || !item || list(item) !== list(dragged)) return;
    event.preventDefault();
    document.querySelectorAll(".agenda-item.is-over").forEach(function (el) { el.classList.remove("is-over"); });
    if (item !== dragged) item.classList.add("is-over");
  });

  document.addEventListener("drop", function (event) {
    var item = event.target.closest && event.target.closest("[data-sortable] > li");
    if (!dragged || !item) return;
    event.preventDefault();
    var container = list(item);
    if (item !== dragged) {
      var before = dragged.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_PRECEDING;
      container.insertBefore(dragged, before ? item : item.nextSibling);
    }
    var order = Array.prototype.map.call(container.children, function (li) { return li.getAttribute("data-id"); });
    if (window.htmx) {
      window.htmx.ajax("POST", container.getAttribute("data-reorder-url"), {
        target: "#agenda-panel", swap: "outerHTML", values: { order: order.join(",") }
      });
    }
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    document.querySelectorAll(".agenda-item.is-over").forEach(function (el) { el.classList.remove("is-over"); });
    dragged = null;
  });

  // After an htmx swap of the agenda panel, keep the keyboard where it was: on the same button
  // of the same item (or its other button once it reached the top or the bottom), else on the
  // panel's heading, instead of dropping focus back to the top of the page.
  var pending = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail && event.detail.elt;
    // Other requests of the page (the notification bell's polling) leave the agenda's alone.
    if (!form || !form.closest || !form.closest("#agenda-panel")) return;
    pending = null;
    var active = document.activeElement;
    var match = (form.getAttribute("action") || "").match(/\/points\/(\d+)\//);
    // A suggestion leaves the list once added or ignored: the keyboard goes on to the one that
    // takes its place (the same button), so a run of suggestions is added without hunting.
    var suggestion = form.closest(".suggestion");
    pending = {
      id: match ? match[1] : null,
      suggestion: suggestion ? Array.prototype.indexOf.call(suggestion.parentNode.children, suggestion) : null,
      label: active && active.tagName === "BUTTON" ? active.textContent.trim() : null
    };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var settled = event.detail && (event.detail.target || event.detail.elt);
    if (!pending || !settled || settled.id !== "agenda-panel") return;
    var wanted = pending;
    pending = null;
    var panel = document.getElementById("agenda-panel");
    if (!panel) return;
    var target = null;
    var item = wanted.id ? panel.querySelector('[data-id="' + wanted.id + '"]') : null;
    if (item) {
      var buttons = Array.prototype.filter.call(item.querySelectorAll("button"), function (b) { return !b.disabled; });
      target = buttons.filter(function (b) { return b.textContent.trim() === wanted.label; })[0] || buttons[0] || null;
    }
    if (!target && wanted.suggestion !== null) {
      var left = panel.querySelectorAll("#suggestions .suggestion");
      var next = left[Math.min(wanted.suggestion, left.length - 1)];
      if (next) {
        var same = Array.prototype.filter.call(next.querySelectorAll("button"), function (b) { return b.textContent.trim() === wanted.label; });
        target = same[0] || next.querySelector("button");
      } else {
        target = panel.querySelector("#ordre-du-jour");
        if (target) target.setAttribute("tabindex", "-1");
      }
    }
    if (!target) {
      target = panel.querySelector("h2");
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  });

  // A refused proposal comes back as 422 with the panel and its field errors: show it (htmx
  // swaps no 4xx by default, so the form seemed to do nothing). A 403 or 404 means the meeting
  // changed in another tab (cancelled, past, no longer yours): reload to show where it stands.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "agenda-panel") return;
    var status = event.detail.xhr.status;
    if (status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (status === 403 || status === 404) {
      window.location.reload();
    }
  });
})();
