/* Searchable pickers: a long <select> (30+ options, e.g. 233 units or leaders) gets a
   search box above it that hides the options not matching what is typed. A <select
   data-picker-url="..."> carries only its empty and chosen options; its options are
   fetched from that URL (JSON {"results": [{"id", "text"}], "more"}) when it is first
   used and again as the user types, so the page does not list every organisation (or
   every problem: a multiple select keeps what is chosen while it fetches the rest).
   Plain JavaScript, no build step; runs on page load and after HTMX swaps. */
(function () {
  "use strict";
  var MIN_OPTIONS = 30;

  function searchBox(select, placeholder) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker-search";
    input.placeholder = placeholder;
    input.setAttribute("aria-label", "筛选选项");
    select.parentNode.insertBefore(input, select);
    return input;
  }

  function chooseFirst(select) {
    var chosen = select.selectedOptions[0];
    if (select.multiple || (chosen && !chosen.hidden && chosen.value)) return;
    var first = Array.prototype.find.call(select.options, function (opt) {
      return opt.value && !opt.hidden;
    });
    if (first) select.value = first.value;
  }

  function enhanceLocal(select) {
    var input = searchBox(select, "输入文字筛选（共 " + select.options.length + " 项）");
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (opt) {
        opt.hidden = !(!q || opt.value === "" || opt.text.toLowerCase().indexOf(q) >= 0);
      });
      chooseFirst(select);
    });
  }

  function enhanceRemote(select) {
    var input = searchBox(select, "输入文字查找");
    var asked = null;
    var timer = null;

    function load(q, pick) {
      if (q === asked) return;
      asked = q;
      var url = select.dataset.pickerUrl;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (q !== asked) return; // a later search has been sent
          // Keep the chosen options (all of them in a multiple select) and the empty one.
          var keep = {};
          Array.prototype.forEach.call(select.selectedOptions, function (opt) {
            if (opt.value) keep[opt.value] = true;
          });
          Array.prototype.slice.call(select.options).forEach(function (opt, i) {
            if (!(i === 0 && !select.multiple) && !keep[opt.value]) opt.remove();
          });
          data.results.forEach(function (row) {
            if (keep[String(row.id)]) return;
            select.add(new Option(row.text, row.id));
          });
          var chosen = select.selectedOptions[0];
          if (!select.multiple && q && chosen && chosen.value &&
              chosen.text.toLowerCase().indexOf(q.toLowerCase()) < 0) {
            chosen.remove();
          }
          if (data.more) {
            var more = new Option("……更多，请输入文字查找", "");
            more.disabled = true;
            select.add(more);
          }
          if (pick) {
            var was = select.value;
            chooseFirst(select);
            // A filter form reloads its list on change, as when an option is clicked.
            if (select.value !== was) select.dispatchEvent(new Event("change", { bubbles: true }));
          }
          select.dispatchEvent(new CustomEvent("picker:loaded", { bubbles: true }));
        });
    }

    select.addEventListener("focus", function () { load("", false); });
    select.addEventListener("mousedown", function () { load("", false); });
    input.addEventListener("focus", function () { load(input.value.trim(), false); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(input.value.trim(), true); }, 250);
    });
  }

  function enhance(select) {
    if (select.dataset.picker) return;
    if (select.dataset.pickerUrl) {
      select.dataset.picker = "on";
      enhanceRemote(select);
    } else if (select.options.length >= MIN_OPTIONS) {
      select.dataset.picker = "on";
      enhanceLocal(select);
    }
  }

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
