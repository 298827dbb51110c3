// Dashboard filters: leave empty filters out of the request, so the URL pushed to the history
// (and bookmarked or sent) carries only the filters chosen.
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.detail.elt.closest(".dash-filters")) return;
  const data = event.detail.formData;
  if (!data) return;
  for (const [name, value] of [...data.entries()]) {
    if (value === "") data.delete(name);
  }
});

// The completeness matrix reads left (oldest) to right (most recent). When it is wider than the
// screen (a phone), open it on its most recent fortnights: on load, after a filter change and
// when htmx restores a page from history. The direction column stays in view (sticky).
function showLatestFortnights(root) {
  const scope = root && root.querySelectorAll ? root : document;
  const wraps = scope.matches && scope.matches(".dash-matrix-wrap") ? [scope] : scope.querySelectorAll(".dash-matrix-wrap");
  for (const wrap of wraps) wrap.scrollLeft = wrap.scrollWidth;
}
document.addEventListener("DOMContentLoaded", () => showLatestFortnights(document));
document.addEventListener("htmx:afterSettle", (event) => showLatestFortnights(event.detail.elt));
document.addEventListener("htmx:historyRestore", () => showLatestFortnights(document));

// The print view's « Imprimer » button opens the browser's print dialog (and its « PDF »).
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
