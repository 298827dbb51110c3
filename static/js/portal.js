// Small behaviours of the portal. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";
  // Confirm dangerous actions declared with data-confirm="Message".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // A box that scrolls (a wide table on a phone, a long history or list of members) must be
  // reachable by the keyboard, or its hidden part is out of reach: it becomes a Tab stop while
  // it overflows, and only then, so a short list adds no stop to the path through the page.
  var SCROLLERS = ".table-wrap, .journal__list, .member-list, [data-scrolls]";
  function markScrollers(root) {
    var boxes = (root || document).querySelectorAll(SCROLLERS);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-stop", "");
      } else if (!overflows && box.hasAttribute("data-scroll-stop")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-stop");
      }
    }
  }
  var pending = null;
  function later() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; markScrollers(); }, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { markScrollers(); });
  } else {
    markScrollers();
  }
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", function () { markScrollers(); });
})();

// The limit of a free text (data-maxlength) becomes a live counter in its note. Nothing is cut:
// beyond the limit the note says how much to remove, and the server refuses with the text kept.
(function () {
  "use strict";
  function group(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }
  function update(field) {
    var note = document.getElementById(field.id + "_limit");
    if (!note) return;
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var length = field.value.replace(/\r\n/g, "\n").length;
    if (length > limit) {
      note.textContent = group(length - limit) + " caractère" + (length - limit > 1 ? "s" : "") +
        " de trop (" + group(limit) + " au plus)";
      note.classList.add("field__limit--over");
    } else {
      note.textContent = group(length) + " / " + group(limit) + " caractères";
      note.classList.remove("field__limit--over");
    }
  }
  function init(root) {
    var fields = (root || document).querySelectorAll("[data-maxlength]");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value) update(fields[i]);
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-maxlength")) {
      update(event.target);
    }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
