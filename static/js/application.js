// Application form: autosave drafts and submit only once. No inline scripts (CSP).
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var submitting = false;

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
        if (!response.ok) { throw new Error(response.status); }
        status.textContent = form.dataset.savedText + " " + new Date().toLocaleTimeString();
      })
      .catch(function () { dirty = true; status.textContent = form.dataset.failedText; });
  }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; save(); });
  window.setInterval(save, 15000);
  window.addEventListener("beforeunload", save);

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    var button = event.submitter;
    if (button && button.hasAttribute("data-once")) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    }
  });
}());
