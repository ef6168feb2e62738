// Lists of rows with room for more than most people need (a budget's costs, a board's
// people): the page shows the filled rows and one empty one, at least data-min-rows, and
// "Add a row" (its text from data-add-text) reveals the next and moves the focus there.
// Without JavaScript every row is simply shown. No inline scripts (CSP).
(function () {
  "use strict";

  function filled(row) {
    return Array.from(row.querySelectorAll("input, select, textarea")).some(function (el) {
      if (el.type === "hidden" || el.type === "submit" || el.type === "button") { return false; }
      if (el.type === "checkbox" || el.type === "radio") { return el.checked; }
      return el.value.trim() !== "";
    });
  }

  function expand(list) {
    var rows = Array.from(list.children);
    var lastFilled = -1;
    rows.forEach(function (row, i) { if (filled(row)) { lastFilled = i; } });
    var shown = Math.max(parseInt(list.dataset.minRows || "3", 10), lastFilled + 2);
    rows.forEach(function (row, i) { row.hidden = i >= shown; });
    var anchor = list.closest("table") || list;
    var button = anchor.nextElementSibling;
    if (!button || !button.hasAttribute("data-add-row")) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary d-block mb-3";
      button.setAttribute("data-add-row", "");
      button.textContent = list.dataset.addText;
      anchor.after(button);
      button.addEventListener("click", function () {
        var next = rows.find(function (row) { return row.hidden; });
        if (next) {
          next.hidden = false;
          next.querySelector("input:not([type=hidden]), select, textarea").focus();
        }
        button.hidden = !rows.some(function (row) { return row.hidden; });
      });
    }
    button.hidden = !rows.some(function (row) { return row.hidden; });
  }

  // Run again after values are put back into a page (the application form's restore).
  window.samverkanExpandRows = function (root) {
    Array.from((root || document).querySelectorAll("[data-expandable]")).forEach(expand);
  };
  window.samverkanExpandRows(document);
}());
