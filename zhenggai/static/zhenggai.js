/* Behaviour the templates ask for with data-* attributes, so no page needs inline
   script or style (the Content-Security-Policy allows neither).
   data-confirm="问题"  on a button: ask before submitting.
   data-back            on a link: go back a page.
   data-width="42"      on an element: its width in per cent (progress bars).
   data-height="300"    on an element: its height in pixels (charts).
   A filter form (form.filters) asks the server only when its filters differ from the
   page's own address. */
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

  // The filters as a sorted query string, empty fields left out.
  function filters(params) {
    var kept = [];
    params.forEach(function (value, key) { if (value !== "" && key !== "page") kept.push([key, value]); });
    kept.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1; });
    return new URLSearchParams(kept).toString();
  }
  // A change event that leaves the filters as they are (the text box or a picker's
  // search box losing focus) would fetch the same rows again, and that answer's URL
  // push cancels the link the user was clicking when focus left the box.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form.filters") || event.detail.verb !== "get") return;
    if (!event.detail.triggeringEvent || event.detail.triggeringEvent.type !== "change") return;
    var asked = filters(new URLSearchParams(event.detail.formData || event.detail.parameters));
    if (event.detail.path === window.location.pathname &&
        asked === filters(new URLSearchParams(window.location.search))) event.preventDefault();
  });
})();
