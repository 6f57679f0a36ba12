// The debate's screens: the projector's bell at time-up, and over-time marking.
// Countdowns themselves are run by classroom/live.js from data-deadline / data-frozen-ms.
(function () {
  "use strict";

  // --- the bell: a Web Audio oscillator, no sound file. On by default; the projector's toggle
  // turns it off and the choice is remembered on that browser. ------------------------------
  var STORE = "debates.bell";
  var audio = null;
  var rung = {};

  function bellOn() {
    try { return window.localStorage.getItem(STORE) !== "off"; } catch (e) { return true; }
  }

  function audioContext() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!audio) audio = new Ctx();
    if (audio.state === "suspended") audio.resume();
    return audio;
  }

  function ring() {
    var ctx = audioContext();
    if (!ctx) return;
    [0, 0.45].forEach(function (delay) {
      var start = ctx.currentTime + delay;
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.setValueAtTime(880, start);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.5, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.42);
    });
    document.documentElement.dataset.bellRang = String((+document.documentElement.dataset.bellRang || 0) + 1);
  }

  function showToggle() {
    var button = document.getElementById("bell-toggle");
    if (!button) return;
    var on = bellOn();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Bell: on" : "Bell: off";
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#bell-toggle");
    if (!button) return;
    try { window.localStorage.setItem(STORE, bellOn() ? "off" : "on"); } catch (err) { /* private mode */ }
    if (bellOn()) audioContext();
    showToggle();
  });
  // Browsers start audio only after a gesture: any click or key on the projector unlocks it.
  ["pointerdown", "keydown"].forEach(function (name) {
    document.addEventListener(name, function () {
      if (document.body.classList.contains("projector") && bellOn()) audioContext();
    }, { passive: true });
  });

  // live.js fires classroom:time-up on a countdown reaching zero; a re-rendered element fires
  // again, so each speech (its data-bell key) rings once, and only near zero, not on a reload
  // in over time.
  document.addEventListener("classroom:time-up", function (e) {
    var el = e.target;
    var key = el.dataset && el.dataset.bell;
    if (!key || rung[key]) return;
    rung[key] = true;
    if (el.hasAttribute("data-frozen-ms")) return;
    if (parseInt(el.dataset.leftMs || "0", 10) < -2000) return;
    if (bellOn()) ring();
  });

  // --- over time: past the grace period a speech is over time, not just at its end. ---------
  function markOvertime() {
    document.querySelectorAll(".speech-clock[data-grace]").forEach(function (el) {
      var left = parseInt(el.dataset.leftMs || "1", 10);
      var grace = parseInt(el.dataset.grace, 10) * 1000;
      var over = left < -grace;
      el.classList.toggle("is-overtime", over);
      var box = el.closest(".room-live");
      if (box) box.classList.toggle("is-overtime", over);
    });
  }

  document.addEventListener("htmx:load", function (e) {
    showToggle();
  });
  document.addEventListener("DOMContentLoaded", function () {
    showToggle();
    setInterval(markOvertime, 250);
  });
})();
