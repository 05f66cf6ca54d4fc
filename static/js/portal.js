// Small page behaviours as data attributes, so pages need no inline scripts (Content-Security-Policy).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-print]")) window.print();
    if (target.matches("input[data-select-on-click]")) target.select();
    if (target.matches("input[data-check-all]")) {
      document.querySelectorAll(target.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
  function applyWidths() {
    document.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = el.getAttribute("data-width") + "%";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", applyWidths);
  else applyWidths();
})();
