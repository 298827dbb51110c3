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
