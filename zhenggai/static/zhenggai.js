/* Behaviour the templates ask for with data-* attributes, so no page needs inline
   script or style (the Content-Security-Policy allows neither).
   data-confirm="问题"  on a button: ask before submitting.
   data-back            on a link: go back a page.
   data-width="42"      on an element: its width in per cent (progress bars).
   data-height="300"    on an element: its height in pixels (charts). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-back]")) {
      event.preventDefault();
      window.history.back();
      return;
    }
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (!el) return;
    var question = el.dataset.confirm;
    // data-confirm-all: the question when "all filtered rows" is ticked ({n} = how many).
    var all = el.dataset.confirmAll && document.querySelector("input[name=all_filtered]:checked");
    if (all) question = el.dataset.confirmAll.replace("{n}", all.dataset.count);
    if (!window.confirm(question)) event.preventDefault();
  });
  function size(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0)) + "%";
    });
    root.querySelectorAll("[data-height]").forEach(function (el) {
      el.style.height = (parseInt(el.dataset.height, 10) || 0) + "px";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { size(document); });
  document.addEventListener("htmx:afterSwap", function (event) { size(event.target); });
})();
