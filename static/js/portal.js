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
