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

  // Pasting a column or a row copied from Excel or LibreOffice: one cell per field, from the
  // field pasted into onwards (comments skipped). Each field is then saved exactly as if it had
  // been typed: the server checks it and answers next to it; the summary counts the answers.
  var SPACES = /[\s\u00a0\u202f\u2009]/g;
  // Which separator a sheet puts before the decimals, read from its unambiguous cells: « 20.5 »
  // or « 1,234.5 » say English, « 20,5 » or « 1.234,5 » say French. « 4,912 » alone says nothing.
  function decimalMark(cells) {
    var english = false, french = false;
    cells.forEach(function (cell) {
      var t = cell.replace(SPACES, "");
      if (/\.(\d{1,2}|\d{4,})$/.test(t) || /,\d{3}\.\d+$/.test(t)) { english = true; }
      if (/,(\d{1,2}|\d{4,})$/.test(t) || /\.\d{3},\d+$/.test(t)) { french = true; }
    });
    if (english && !french) { return "."; }
    if (french && !english) { return ","; }
    return "";
  }
  function spreadsheetNumber(text, mark) {
    var t = text.replace(SPACES, "");
    var comma = t.lastIndexOf(","), point = t.lastIndexOf(".");
    if (comma >= 0 && point >= 0) {
      // Both: the last one is the decimal separator, the other groups the thousands.
      t = t.split(comma > point ? "." : ",").join("");
    } else if (/^[+-]?\d{1,3}([.,]\d{3})+$/.test(t) && (mark || t.split(/[.,]/).length > 2)) {
      // Groups of three: thousands, unless the sheet's other cells show this is its decimal mark.
      var separator = comma >= 0 ? "," : ".";
      if (separator !== mark) { t = t.split(separator).join(""); }
    }
    return t.replace(".", ",");
  }
  var pasting = null;
  function pasteSummary(text) {
    var box = document.getElementById("paste-summary");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = !text;
  }
  function plural(count, one, many) { return count + " " + (count > 1 ? many : one); }
  function pasteDone() {
    var parts = [plural(pasting.saved, "valeur collée et enregistrée", "valeurs collées et enregistrées")];
    if (pasting.refused.length) {
      parts.push(plural(pasting.refused.length, "refusée", "refusées") + " (" + pasting.refused.join(", ") +
        ") : voir le message sous le champ");
    }
    if (pasting.empty) { parts.push(plural(pasting.empty, "cellule vide laissée", "cellules vides laissées") + " de côté"); }
    if (pasting.extra) { parts.push(plural(pasting.extra, "cellule de trop ignorée", "cellules de trop ignorées") + " (plus de champ après)"); }
    pasteSummary("Collage : " + parts.join(" ; ") + ".");
    pasting = null;
  }
  document.addEventListener("paste", function (event) {
    var el = event.target;
    if (el.tagName !== "INPUT" || !el.hasAttribute("data-autosave") || !event.clipboardData) { return; }
    var text = event.clipboardData.getData("text/plain").replace(/[\r\n]+$/, "");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) { return; }  // one value: pasted as typed
    event.preventDefault();
    var cells = [];
    text.split(/\r?\n/).forEach(function (line) { line.split("\t").forEach(function (c) { cells.push(c.trim()); }); });
    var fields = Array.prototype.slice.call(el.form.querySelectorAll("input[data-autosave]"));
    fields = fields.slice(fields.indexOf(el));
    pasting = { pending: {}, count: 0, saved: 0, refused: [], empty: 0, extra: Math.max(0, cells.length - fields.length) };
    var targets = [], mark = decimalMark(cells);
    cells.slice(0, fields.length).forEach(function (cell, index) {
      var field = fields[index];
      if (!cell) { pasting.empty += 1; return; }
      var value = spreadsheetNumber(cell, mark);
      if (value === field.value) { pasting.saved += 1; return; }  // already there: nothing to send
      field.value = value;
      remember(field);
      pasting.pending[field.name] = (field.labels && field.labels[0] ? field.labels[0].textContent : field.name).trim();
      pasting.count += 1;
      targets.push(field);
    });
    pasteSummary("Collage de " + plural(cells.length, "cellule", "cellules") + " en cours…");
    if (!pasting.count) { pasteDone(); return; }
    targets.forEach(function (field) { if (window.htmx) { window.htmx.trigger(field, "change"); } });
  });
  function pasteAnswered(name, refused) {
    if (!pasting || !(name in pasting.pending)) { return; }
    if (refused) { pasting.refused.push(pasting.pending[name]); } else { pasting.saved += 1; }
    delete pasting.pending[name];
    pasting.count -= 1;
    if (!pasting.count) { pasteDone(); }
  }

  // Handled before the swap: the field is replaced by the answer, so later events on it would
  // no longer reach the document.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-autosave")) { return; }
    var key = PREFIX + elt.getAttribute("data-autosave");
    var header = event.detail.xhr.getResponseHeader("X-Autosave");
    pasteAnswered(elt.name, header !== "saved");
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
    if (elt && elt.hasAttribute && elt.hasAttribute("data-autosave")) { pasteAnswered(elt.name, true); failed(); }
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
