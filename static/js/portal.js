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
})();
