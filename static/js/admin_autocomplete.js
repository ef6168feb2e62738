/* The admin's search boxes (select2, for autocomplete_fields) named after their field for
   screen readers (axe: aria-input-field-name, label, list): select2 leaves its combobox,
   its value and its search inputs unnamed, and puts its clear button (a span) inside its
   list of chosen rows. Watched for as select2 builds and rebuilds the boxes (on the page,
   on each inline row added, on each choice), so the names are there whenever it draws. */
(function () {
  "use strict";

  function fieldName(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    const text = label ? label.textContent : select.getAttribute("aria-label") || select.name;
    return text.replace(/[:*]\s*$/, "").trim();
  }

  function name(element, text) {
    if (element.getAttribute("aria-label") !== text) {
      element.removeAttribute("aria-labelledby");
      element.setAttribute("aria-label", text);
    }
  }

  function fix(box) {
    const select = box.previousElementSibling;
    if (!select || !select.classList.contains("admin-autocomplete")) {
      return;
    }
    const text = fieldName(select);
    box.querySelectorAll(
      ".select2-selection, .select2-search__field, span.select2-selection__rendered"
    ).forEach(function (element) { name(element, text); });
    box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      Array.from(list.children).forEach(function (child) {
        if (child.tagName !== "LI") {
          list.after(child);  // still inside the box: select2 finds and removes it there
        }
      });
    });
  }

  function scan() {
    document.querySelectorAll("select.admin-autocomplete + .select2").forEach(fix);
    // the dropdown's own search input, made when a box opens
    document.querySelectorAll(".select2-dropdown .select2-search__field").forEach(
      function (input) {
        const results = (input.getAttribute("aria-controls") || "").match(/^select2-(.+)-results$/);
        const select = results && document.getElementById(results[1]);
        if (select) {
          name(input, fieldName(select));
        }
      }
    );
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})();
