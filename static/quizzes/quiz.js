// The quiz on phones. The answer form is sent by the core's receipts (static/classroom/
// receipts.js): a tapped choice shows "sending…" until the server acknowledges it, and only then
// becomes "✓ your answer"; the server's "answer received" receipt confirms it (a refusal
// re-renders the whole question). A phone whose countdown reaches zero says so; the server
// still decides, with its grace.
(function () {
  "use strict";

  function tag(choice, text, className) {
    choice.querySelectorAll(".tag").forEach(function (t) { t.remove(); });
    if (!text) return;
    var span = document.createElement("span");
    span.className = "tag " + className;
    span.textContent = text;
    choice.appendChild(span);
  }

  function choiceButtons(form) {
    return form ? Array.from(form.querySelectorAll("button.quiz-choice")) : [];
  }

  // Tapped: this one is on its way; the one the server holds keeps its mark until then.
  document.addEventListener("classroom:sending", function (e) {
    var form = e.detail.form, tapped = e.detail.submitter;
    if (!form.matches(".quiz-answer")) return;
    choiceButtons(form).forEach(function (el) {
      el.classList.remove("is-sending");
      if (!el.classList.contains("is-chosen")) tag(el, "", "");
    });
    if (tapped && tapped.matches("button.quiz-choice") && !tapped.classList.contains("is-chosen")) {
      tapped.classList.add("is-sending");
      tag(tapped, "sending…", "tag-sending");
    }
  });

  // Acknowledged: the choice the server stored is the phone's answer.
  document.addEventListener("classroom:saved", function (e) {
    var form = document.querySelector('form.quiz-answer[data-receipt="' + CSS.escape(e.detail.form) + '"]');
    if (!form) return;
    var stored = new URLSearchParams(e.detail.body).getAll("choice");
    choiceButtons(form).forEach(function (el) {
      var mine = stored.indexOf(el.value) !== -1;
      el.classList.remove("is-sending");
      el.classList.toggle("is-chosen", mine);
      el.setAttribute("aria-pressed", mine ? "true" : "false");
      tag(el, mine ? "✓ your answer" : "", "tag-mine");
    });
    var send = form.querySelector(".quiz-send");
    if (send) send.textContent = "Send my new answer";
  });

  document.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches && box.matches(".quiz-choice input[type=checkbox]")) {
      box.closest(".quiz-choice").classList.toggle("is-chosen", box.checked);
    }
  });

  document.addEventListener("classroom:time-up", function (e) {
    var phone = e.target.closest && e.target.closest(".quiz-phone");
    if (phone) phone.classList.add("is-time-up");
  });
})();
