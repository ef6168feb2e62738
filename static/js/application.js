// Application form: autosave drafts, keep a browser copy until the server has it, and
// submit only once. No inline scripts (CSP). Texts come from data-* attributes (i18n).
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var backupKey = "samverkan-draft:" + form.dataset.autosaveUrl;
  var dirty = false;
  var submitting = false;

  function typedValues() {
    var values = {};
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.type === "submit") { return; }
      if ((el.type === "checkbox" || el.type === "radio")) {
        values[el.name + "=" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function keepBackup() {
    try { window.localStorage.setItem(backupKey, JSON.stringify(typedValues())); } catch (e) { /* storage full or off */ }
  }

  function restoreBackup(values) {
    Array.from(form.elements).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "=" + el.value;
        if (key in values) { el.checked = values[key]; }
      } else if (el.name in values && el.type !== "file") {
        el.value = values[el.name];
      }
    });
    dirty = true;
    save();
  }

  function save() {
    if (!dirty || submitting) { return; }
    dirty = false;
    var data = new FormData(form);
    data.delete("action");
    Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) {
      data.delete(input.name);  // files are uploaded with the buttons, not by autosave
    });
    fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        var json = (response.headers.get("content-type") || "").indexOf("json") !== -1;
        if (response.redirected || !json) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (body) {
        if (!body.saved && body.error) {  // refused (e.g. an answer too long): say why
          status.textContent = body.error;
          return;
        }
        if (!body.saved) { throw new Error("not saved"); }
        window.localStorage.removeItem(backupKey);
        status.textContent = form.dataset.savedText + " " + new Date().toLocaleTimeString();
      })
      .catch(function () { dirty = true; status.textContent = form.dataset.failedText; });
  }

  // Text typed earlier in this browser that never reached the server (e.g. after the
  // session expired) can be put back with one click.
  var stored = null;
  try { stored = JSON.parse(window.localStorage.getItem(backupKey) || "null"); } catch (e) { stored = null; }
  if (stored && JSON.stringify(stored) === JSON.stringify(typedValues())) {
    window.localStorage.removeItem(backupKey);  // the server already has exactly this
    stored = null;
  }
  if (stored) {
    var banner = document.getElementById("restore-banner");
    if (banner) {
      banner.hidden = false;
      banner.querySelector("button").addEventListener("click", function () {
        restoreBackup(stored);
        window.samverkanExpandRows(form);  // static/js/rows.js: show restored rows
        banner.hidden = true;
      });
    }
  }

  form.addEventListener("input", function () { dirty = true; keepBackup(); });
  form.addEventListener("change", function () { dirty = true; keepBackup(); save(); });
  window.setInterval(save, 15000);
  window.addEventListener("beforeunload", save);

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    keepBackup();
    var button = event.submitter;
    if (button && button.hasAttribute("data-once")) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
}());
