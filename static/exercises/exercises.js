// The exercise on phones: what the student types is saved as a draft on the server as they
// type (800 ms after the last key), through the core's receipts (static/classroom/receipts.js),
// in its own slot, so a draft never replaces a submission on its way. The server answers which
// values its number parser refuses, and why, next to each field.
(function () {
  "use strict";

  var WAIT_MS = 800;
  var timers = new WeakMap();

  function saveDraft(form) {
    if (!window.classroomReceipts || !form.dataset.draftUrl) return;
    window.classroomReceipts.send(form, {
      url: form.dataset.draftUrl,
      slot: form.dataset.receipt + ":draft",
      target: "#draft-status",
      swap: "outerHTML",
      saved: "Draft saved ✓",
    });
  }

  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("form.exercise-form");
    if (!form || !e.target.matches("input[name]")) return;
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { saveDraft(form); }, WAIT_MS));
  });

  // Submitting sends everything typed; a draft still waiting would only repeat it.
  document.addEventListener("classroom:sending", function (e) {
    var form = e.detail.form;
    if (form && form.matches(".exercise-form") && e.detail.submitter) clearTimeout(timers.get(form));
  });
})();
