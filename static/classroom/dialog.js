// "Are you sure?" in a native <dialog>: a link or button marked data-dialog="<dialog id>" opens
// that dialog instead of following its href (the page a browser without JavaScript, or without
// <dialog>, goes to for the same question). The dialog's own buttons do the rest: a form
// button submits, one with formmethod="dialog" closes it. No inline script: the CSP forbids it.
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    var opener = e.target.closest && e.target.closest("[data-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.dataset.dialog);
      if (!dialog || typeof dialog.showModal !== "function") return;
      e.preventDefault();
      if (!dialog.open) dialog.showModal();
      return;
    }
    // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
    var open = e.target;
    if (open instanceof HTMLDialogElement && open.open) {
      var box = open.getBoundingClientRect();
      var inside = e.clientX >= box.left && e.clientX <= box.right &&
        e.clientY >= box.top && e.clientY <= box.bottom;
      if (!inside) open.close("cancel");
    }
  });
})();
