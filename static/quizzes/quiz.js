// The quiz on phones: the tapped answer shows at once, before the server's "answer received";
// a phone whose countdown reaches zero says so (the server still decides, with its grace).
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    var choice = e.target.closest && e.target.closest("button.quiz-choice");
    if (!choice) return;
    var group = choice.closest(".quiz-choices");
    if (group) {
      group.querySelectorAll(".quiz-choice").forEach(function (el) {
        el.classList.remove("is-picked");
      });
    }
    choice.classList.add("is-picked");
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
