// Following a live session: polling that pauses while the page is hidden, a clock corrected to
// the server's, and countdowns computed from server deadlines. No inline script is needed.
(function () {
  "use strict";

  // --- the server's clock -----------------------------------------------------------------
  // offset = server time - local time, from the sample with the shortest round trip.
  var clock = { offset: 0, rtt: Infinity, ready: false };
  window.classroomClock = {
    now: function () { return Date.now() + clock.offset; },
    offset: function () { return clock.offset; },
    ready: function () { return clock.ready; },
  };

  function sampleClock() {
    var meta = document.querySelector('meta[name="clock-url"]');
    if (!meta || !window.fetch) return Promise.resolve();
    var sent = Date.now();
    return fetch(meta.content, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var received = Date.now();
        var rtt = received - sent;
        if (rtt <= clock.rtt) {
          clock.rtt = rtt;
          clock.offset = body.now + rtt / 2 - received;
        }
        clock.ready = true;
        document.documentElement.dataset.clockOffset = String(Math.round(clock.offset));
      })
      .catch(function () { /* the next sample tries again */ });
  }

  function calibrate() {
    clock.rtt = Infinity;
    sampleClock().then(sampleClock).then(sampleClock).then(tick);
  }

  // --- polling ----------------------------------------------------------------------------
  // One poll at a time. A poll that swaps its own element out never reports back to the
  // document, so "in flight" is cleared by new content arriving too, and expires after 10 s.
  var pollStartedAt = 0;

  function inFlight() { return pollStartedAt && Date.now() - pollStartedAt < 10000; }

  function poll() {
    if (document.visibilityState !== "visible" || inFlight()) return;
    document.querySelectorAll("[data-poll]").forEach(function (el) {
      var every = parseInt(el.dataset.poll, 10) || 2000;
      var last = parseInt(el.dataset.polledAt || "0", 10);
      if (Date.now() - last >= every - 50) {
        el.dataset.polledAt = String(Date.now());
        window.htmx.trigger(el, "poll");
      }
    });
  }

  function pollDone() { pollStartedAt = 0; }

  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.elt && e.detail.elt.hasAttribute("data-poll")) pollStartedAt = Date.now();
  });
  ["htmx:afterRequest", "htmx:load", "htmx:sendError", "htmx:responseError", "htmx:timeout"]
    .forEach(function (name) { document.addEventListener(name, pollDone); });
  // Answers to a form with a problem (400, 409, 429) carry the form with its message: show it.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 400 || status === 409 || status === 422 || status === 429) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      document.querySelectorAll("[data-poll]").forEach(function (el) { el.dataset.polledAt = "0"; });
      calibrate();
      poll();
    }
  });
  window.addEventListener("online", function () { calibrate(); poll(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) window.location.reload(); });

  // --- typed values that survive a re-render ------------------------------------------------
  // An input marked data-keep (with an id) keeps what the user typed when the fragment around
  // it is swapped for a newer one, even if the input was absent in between. (hx-preserve keeps
  // only an element present in both the old and the new content.)
  var kept = {};
  document.addEventListener("htmx:beforeSwap", function () {
    document.querySelectorAll("[data-keep][id]").forEach(function (el) {
      if (el.value) kept[el.id] = el.value;
      else delete kept[el.id];
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(kept).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && !el.value) el.value = kept[id];
    });
  });

  // --- countdowns -------------------------------------------------------------------------
  // <span data-deadline="<ms since epoch, server time>" data-amber="30"> shows m:ss left;
  // data-frozen-ms="<ms>" shows a paused remainder. Past the deadline it counts overtime.
  // data-ends="<ms, server time>" is when what it times is over on the server (a speech's time
  // and its grace): from then on it shows data-ended ("—" without it) and class is-ended, not
  // a time, until a poll brings the state after it.
  function format(ms) {
    var over = ms < 0;
    var s = Math.floor(Math.abs(ms) / 1000 + (over ? 0 : 0.999));
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return over ? "+" + text : text;
  }

  function tick() {
    var now = window.classroomClock.now();
    document.querySelectorAll("[data-deadline], [data-frozen-ms]").forEach(function (el) {
      var left = el.hasAttribute("data-frozen-ms")
        ? parseInt(el.dataset.frozenMs, 10)
        : parseInt(el.dataset.deadline, 10) - now;
      var amber = parseInt(el.dataset.amber || "30", 10) * 1000;
      var ended = el.hasAttribute("data-deadline") && el.hasAttribute("data-ends") &&
        now >= parseInt(el.dataset.ends, 10);
      el.textContent = ended ? (el.dataset.ended || "—") : format(left);
      el.classList.toggle("is-ended", ended);
      el.dataset.leftMs = String(Math.round(left));
      el.classList.toggle("is-amber", left > 0 && left <= amber);
      el.classList.toggle("is-red", left <= 0);
      if (left <= 0 && !el.dataset.rang) {
        el.dataset.rang = "1";
        el.dispatchEvent(new CustomEvent("classroom:time-up", { bubbles: true }));
      }
    });
  }

  // Elements marked data-vibrate buzz the phone when they appear; one with a value
  // (data-vibrate="next-3-2") buzzes once for that value, however often it is re-rendered.
  // Only after the page has had a tap or a key: before that Chromium refuses navigator.vibrate
  // with an error in the console (a phone that reloaded has had none yet).
  function mayVibrate() {
    if (!navigator.vibrate) return false;
    return !navigator.userActivation || navigator.userActivation.hasBeenActive;
  }
  var buzzed = new Set();
  document.addEventListener("htmx:load", function (e) {
    var el = e.detail.elt;
    var targets = el.matches && el.matches("[data-vibrate]") ? [el] : [];
    if (el.querySelectorAll) targets = targets.concat(Array.from(el.querySelectorAll("[data-vibrate]")));
    var buzz = targets.some(function (t) {
      var key = t.dataset.vibrate;
      if (!key) return true;
      if (buzzed.has(key)) return false;
      buzzed.add(key);
      return true;
    });
    if (buzz && mayVibrate()) navigator.vibrate(200);
    tick();
  });

  document.addEventListener("DOMContentLoaded", function () {
    calibrate();
    setInterval(poll, 250);
    setInterval(tick, 200);
    tick();
  });
})();
