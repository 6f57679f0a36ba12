// Slides on the projector: an element marked data-fit is fitted to its box. Its text is scaled
// by the CSS variable --fit, from 1 (the full size) down to --fit-floor (the smallest size the
// back row can read, set in site.css), the largest that leaves nothing outside the box. A slide
// that does not fit even at the floor was cut into parts on the server (classroom.markup), so
// reaching the floor is marked data-fit-floor for the tests to see.
(function () {
  "use strict";

  function wider(el) { return el.scrollWidth > el.clientWidth + 1; }

  // A formula or a table too wide scrolls inside its own box, which hides it from the slide's
  // own measure: a projector must show it whole, so it counts too.
  function overflows(el) {
    if (el.scrollHeight > el.clientHeight + 1 || wider(el)) return true;
    return Array.from(el.querySelectorAll(".math-scroll, table")).some(wider);
  }

  function fit(el) {
    var floor = parseFloat(getComputedStyle(el).getPropertyValue("--fit-floor")) || 0.5;
    var set = function (value) { el.style.setProperty("--fit", String(value)); };
    set(1);
    var low = floor;
    var high = 1;
    if (overflows(el)) {
      // Binary search, to within 1% of the full size: layout is synchronous, so each step
      // measures the size it set, before the screen is painted.
      while (high - low > 0.01) {
        var mid = (low + high) / 2;
        set(mid);
        if (overflows(el)) high = mid; else low = mid;
      }
      set(low);
    } else {
      low = 1;
    }
    el.dataset.fitted = low.toFixed(3);
    if (low <= floor && overflows(el)) el.dataset.fitFloor = "overflow";
    else delete el.dataset.fitFloor;
  }

  function fitAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var found = Array.from(scope.querySelectorAll("[data-fit]"));
    if (scope.matches && scope.matches("[data-fit]")) found.push(scope);
    found.forEach(fit);
  }

  document.addEventListener("htmx:load", function (e) { fitAll(e.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () {
    fitAll(document);
    // Web fonts and MathML's fonts may load after the first fit and change the text's size.
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { fitAll(document); });
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    if (resizing) cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(function () { fitAll(document); });
  });
})();
