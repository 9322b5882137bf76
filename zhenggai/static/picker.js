/* Searchable pickers: a long <select> (30+ options, e.g. 233 units or leaders) gets a
   search box above it that hides the options not matching what is typed. Plain
   JavaScript, no build step; runs on page load and after HTMX swaps. */
(function () {
  "use strict";
  var MIN_OPTIONS = 30;

  function enhance(select) {
    if (select.dataset.picker || select.options.length < MIN_OPTIONS) return;
    select.dataset.picker = "on";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker-search";
    input.placeholder = "输入文字筛选（共 " + select.options.length + " 项）";
    input.setAttribute("aria-label", "筛选选项");
    select.parentNode.insertBefore(input, select);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        var show = !q || opt.value === "" || opt.text.toLowerCase().indexOf(q) >= 0;
        opt.hidden = !show;
        if (show && opt.value && !first) first = opt;
      });
      var chosen = select.selectedOptions[0];
      if (first && !select.multiple && (!chosen || chosen.hidden || !chosen.value)) {
        select.value = first.value;
      }
    });
  }

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
