// The quiz on phones. A tapped choice is marked as the phone's answer at once; the server's
// small "answer received" receipt confirms it (a refusal re-renders the whole question).
// A phone whose countdown reaches zero says so; the server still decides, with its grace.
(function () {
  "use strict";

  function markChosen(choice) {
    var group = choice.closest(".quiz-choices");
    if (!group) return;
    group.querySelectorAll("button.quiz-choice").forEach(function (el) {
      el.classList.remove("is-chosen");
      el.setAttribute("aria-pressed", "false");
      el.querySelectorAll(".tag-mine").forEach(function (tag) { tag.remove(); });
    });
    choice.classList.add("is-chosen");
    choice.setAttribute("aria-pressed", "true");
    var tag = document.createElement("span");
    tag.className = "tag tag-mine";
    tag.textContent = "✓ your answer";
    choice.appendChild(tag);
  }

  document.addEventListener("click", function (e) {
    var choice = e.target.closest && e.target.closest("button.quiz-choice");
    if (choice) markChosen(choice);
  });

  document.addEventListener("change", function (e) {
    var box = e.target;
    if (box.matches && box.matches(".quiz-choice input[type=checkbox]")) {
      box.closest(".quiz-choice").classList.toggle("is-chosen", box.checked);
    }
  });

  // A new receipt means the answer was stored: the send button now changes the answer.
  document.addEventListener("htmx:load", function (e) {
    var el = e.detail.elt;
    if (!el.matches || !el.matches("#quiz-receipt") || !el.querySelector(".quiz-received")) return;
    var form = document.querySelector(".quiz-answer .quiz-send");
    if (form) form.textContent = "Send my new answer";
  });

  document.addEventListener("classroom:time-up", function (e) {
    var phone = e.target.closest && e.target.closest(".quiz-phone");
    if (phone) phone.classList.add("is-time-up");
  });
})();
