// Admin form of a periodic task (django-celery-beat): shows in words what the chosen
// crontab schedule means. Replaces the package's inline script (CSP: script-src 'self');
// the meanings come from a json_script element, and are added as text, never as HTML.
(function () {
  "use strict";
  var data = document.getElementById("readable-crontabs");
  var field = document.getElementById("id_crontab");
  if (!data || !field) { return; }
  var readable = JSON.parse(data.textContent);
  var help = document.querySelector(".field-crontab .help");
  var original = help ? help.textContent : "";
  var translation = document.querySelector(".field-crontab_translation");
  if (translation) { translation.style.display = "none"; }

  function showMeaning() {
    if (!help) { return; }
    help.textContent = original;
    var meaning = readable[field.value];
    if (meaning) {
      help.appendChild(document.createElement("br"));
      help.appendChild(document.createTextNode(meaning));
    }
  }
  field.addEventListener("change", showMeaning);
  showMeaning();
})();
