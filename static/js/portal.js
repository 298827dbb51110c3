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

  // On a phone the header folds the search, the account and the navigation behind « Menu »
  // (CSS decides the width; without JavaScript nothing is folded).
  function setUpMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-button");
    if (!button) return;
    header.classList.add("is-folded");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("is-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-open")) {
        header.classList.remove("is-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  // On a phone a page's filters fold behind one button, so its results come first.
  var PHONE = window.matchMedia("(max-width: 640px)");
  function foldFilters(root) {
    var forms = (root || document).querySelectorAll("form.filters");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      var before = form.previousElementSibling;
      if (before && before.classList.contains("filters-toggle")) {
        // htmx replaced the form: its button tells again whether it is open
        before.setAttribute("aria-expanded", form.classList.contains("is-folded") ? "false" : "true");
        continue;
      }
      if (!form.id) form.id = "filtres-" + (i + 1);
      var chosen = 0;
      var fields = form.querySelectorAll("select, input:not([type=hidden]):not([type=submit])");
      for (var j = 0; j < fields.length; j++) {
        var f = fields[j];
        if ((f.type === "checkbox" || f.type === "radio") ? f.checked : f.value) chosen++;
      }
      var toggle = document.createElement("button");
      toggle.type = "button";
      toggle.className = "button button--small filters-toggle";
      toggle.setAttribute("aria-controls", form.id);
      toggle.setAttribute("aria-expanded", "false");
      toggle.textContent = chosen ? "Filtres (" + chosen + ")" : "Filtres";
      toggle.addEventListener("click", (function (form, toggle) {
        return function () {
          var folded = form.classList.toggle("is-folded");
          toggle.setAttribute("aria-expanded", folded ? "false" : "true");
        };
      })(form, toggle));
      form.parentNode.insertBefore(toggle, form);
      form.classList.add("is-folded");
    }
  }

  // SVG charts scale with the screen: their labels keep at least 11 px as read on it.
  var MIN_LABEL_PX = 11;
  function readableLabels() {
    var charts = document.querySelectorAll("svg[data-readable-labels]");
    for (var i = 0; i < charts.length; i++) {
      var svg = charts[i];
      var box = svg.viewBox && svg.viewBox.baseVal;
      var width = svg.getBoundingClientRect().width;
      if (!box || !box.width || !width) continue;
      var scale = width / box.width;
      var texts = svg.querySelectorAll("text");
      for (var j = 0; j < texts.length; j++) {
        var text = texts[j];
        text.style.fontSize = "";
        var size = parseFloat(window.getComputedStyle(text).fontSize) || MIN_LABEL_PX;
        if (size * scale < MIN_LABEL_PX) text.style.fontSize = (MIN_LABEL_PX / scale).toFixed(1) + "px";
        text.style.display = "";
      }
      // Larger labels on one line may overlap (the dates under a chart): keep every other one.
      var rows = {};
      for (var k = 0; k < texts.length; k++) {
        var y = texts[k].getAttribute("y");
        (rows[y] = rows[y] || []).push(texts[k]);
      }
      Object.keys(rows).forEach(function (y) {
        var row = rows[y];
        if (row.length < 2) return;
        row.sort(function (a, b) { return a.getBoundingClientRect().left - b.getBoundingClientRect().left; });
        var last = null;
        row.forEach(function (text) {
          var box = text.getBoundingClientRect();
          if (last && box.left < last.right + 4) { text.style.display = "none"; } else { last = box; }
        });
      });
    }
  }

  function ready() {
    setUpMenu();
    foldFilters();
    readableLabels();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("resize", readableLabels);
  document.addEventListener("htmx:afterSettle", function () { foldFilters(); readableLabels(); });
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
