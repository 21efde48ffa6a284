/* Kamerbrieven: filter lists and timelines, sort tracker tables. No outside scripts. */
(function () {
  "use strict";

  function matches(item, filters) {
    return filters.every(function (f) {
      if (!f.value) { return true; }
      if (f.text) { return item.textContent.toLowerCase().indexOf(f.value) !== -1; }
      var have = (item.getAttribute("data-" + f.attr) || "").split(" ");
      return have.indexOf(f.value) !== -1;
    });
  }

  function applyFilters(box) {
    var filters = [];
    box.querySelectorAll("[data-kb-attr]").forEach(function (el) {
      filters.push({ attr: el.getAttribute("data-kb-attr"), value: el.value });
    });
    box.querySelectorAll("[data-kb-text]").forEach(function (el) {
      filters.push({ text: true, value: el.value.trim().toLowerCase() });
    });
    document.querySelectorAll(".kb-item").forEach(function (item) {
      item.hidden = !matches(item, filters);
    });
    document.querySelectorAll(".kb-period").forEach(function (period) {
      period.hidden = period.querySelector(".kb-item:not([hidden])") === null;
    });
  }

  function sortTable(button) {
    var th = button.closest("th");
    var table = button.closest("table");
    var column = Number(button.getAttribute("data-kb-sort"));
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column], y = b.cells[column];
      var kx = x.getAttribute("data-sort") || x.textContent.trim().toLowerCase();
      var ky = y.getAttribute("data-sort") || y.textContent.trim().toLowerCase();
      var r = kx < ky ? -1 : kx > ky ? 1 : 0;
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  // Letter pages have one #rN anchor per block of the full text (the block's first source
  // line). A link to another line of a block (#r15, from before) goes to that block.
  function lineTarget() {
    var m = /^#r(\d+)$/.exec(window.location.hash);
    if (!m || document.getElementById(m[0].slice(1))) { return; }
    var line = parseInt(m[1], 10), best = null;
    document.querySelectorAll(".kb-ln[id]").forEach(function (el) {
      if (parseInt(el.id.slice(1), 10) <= line) { best = el; }
    });
    if (best) { best.scrollIntoView(); }
  }

  function init() {
    lineTarget();
    window.addEventListener("hashchange", lineTarget);
    document.querySelectorAll("[data-kb-filter]").forEach(function (box) {
      box.addEventListener("input", function () { applyFilters(box); });
      box.addEventListener("change", function () { applyFilters(box); });
    });
    document.querySelectorAll("button[data-kb-sort]").forEach(function (button) {
      button.addEventListener("click", function () { sortTable(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
