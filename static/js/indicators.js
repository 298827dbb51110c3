// The report form: autosave safety net. Every field posts itself through htmx when it is left;
// what is typed is also kept in localStorage (key: report + field) until the server confirms it,
// and re-sent when the page is opened again (after an expired session, a closed browser...).
(function () {
  "use strict";
  var PREFIX = "sg-autosave:";
  var alertBox, statusBox;

  function storageKey(el) { return PREFIX + el.getAttribute("data-autosave"); }
  function versionInput(el) {
    return el.form && el.form.querySelector('input[name="ver-' + el.name + '"]');
  }
  function remember(el) {
    try {
      var ver = versionInput(el);
      localStorage.setItem(storageKey(el), JSON.stringify({ value: el.value, version: ver ? ver.value : "0" }));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }
  function forget(key) { try { localStorage.removeItem(key); } catch (e) {} }
  function setStatus(text, bad) {
    if (!statusBox) { return; }
    statusBox.textContent = text;
    statusBox.className = "autosave-status " + (bad ? "autosave-status--bad" : "autosave-status--ok");
  }
  function failed() {
    if (alertBox) { alertBox.hidden = false; }
    setStatus("saisie non enregistrée, conservée dans ce navigateur", true);
  }

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosave")) { remember(el); }
  });

  // Keyboard first: Enter in a value moves to the next field (which saves this one).
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || el.tagName !== "INPUT" || !el.hasAttribute("data-autosave")) { return; }
    event.preventDefault();
    var fields = Array.prototype.slice.call(el.form.querySelectorAll("[data-autosave]"));
    var next = fields[fields.indexOf(el) + 1];
    if (next) { next.focus(); } else { el.blur(); }
  });

  // Handled before the swap: the field is replaced by the answer, so later events on it would
  // no longer reach the document.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-autosave")) { return; }
    var key = PREFIX + elt.getAttribute("data-autosave");
    var header = event.detail.xhr.getResponseHeader("X-Autosave");
    if (header === "saved") {
      forget(key);
      if (alertBox) { alertBox.hidden = true; }
      setStatus("enregistré à " + new Date().toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }), false);
    } else if (header === "error") {
      // The server refused the value and shows why next to the field, keeping the input.
      forget(key);
      setStatus("un champ n'a pas été enregistré : voir le message", true);
    } else {
      // A login page after an expired session, a server error: keep the input, say so.
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      failed();
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-autosave")) { failed(); }
  });

  function restore() {
    alertBox = document.getElementById("autosave-alert");
    statusBox = document.getElementById("autosave-status");
    var fields = document.querySelectorAll("[data-autosave]");
    var restored = 0;
    Array.prototype.forEach.call(fields, function (el) {
      var raw;
      try { raw = localStorage.getItem(storageKey(el)); } catch (e) { return; }
      if (!raw) { return; }
      var saved;
      try { saved = JSON.parse(raw); } catch (e) { forget(storageKey(el)); return; }
      if (saved.value === el.value) { forget(storageKey(el)); return; }
      el.value = saved.value;
      var ver = versionInput(el);
      if (ver && saved.version !== undefined) { ver.value = saved.version; }
      restored += 1;
      if (window.htmx) { window.htmx.trigger(el, "change"); }
    });
    if (restored) { setStatus(restored + " saisie(s) non envoyée(s) restaurée(s) et renvoyée(s)", false); }
  }
  // After htmx has processed the page (it does so on DOMContentLoaded), so re-sends go through it.
  if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
})();
