// Phone-side receipts: a phone shows as saved only what the server has acknowledged.
//
// A form marked data-receipt="<slot>" (an answer to one question, a vote in one round, a
// reply) is sent by this module, not by htmx. Until the server answers, its status line
// (templates/classroom/receipt.html, [data-receipt-status]) says "Sending…"; on a 2xx it says
// "Saved", on a refusal (4xx) the server's fragment shows why, and when the request fails
// (no network, a timeout, a 5xx, a 429) it says "Not sent yet — retrying" and tries again with
// backoff. The pending request, with its idempotency key, is kept in localStorage until it is
// acknowledged, so a reload, a locked phone or a crash resends it; a retry that did reach the
// server the first time stores nothing twice. One request per slot is in flight at a time, and a
// newer one in the same slot replaces an older one still waiting, so answers arrive in order; a
// form marked data-receipt-each (a reply: each one counts) gives every submission its own slot.
// Pending requests older than a day are forgotten.
(function () {
  "use strict";

  var STORE = "classroom:pending";
  var FORGET_MS = 24 * 3600 * 1000;
  var TIMEOUT_MS = 10000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  var inFlight = {};  // slot -> key being sent
  var timers = {};    // slot -> retry timer

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function save(all) {
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* private mode */ }
  }
  function put(entry) { var all = load(); all[entry.slot] = entry; save(all); }
  function current(slot) { return load()[slot]; }
  function drop(entry) {
    var all = load();
    if (all[entry.slot] && all[entry.slot].key === entry.key) { delete all[entry.slot]; save(all); }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  // The status line of the form an entry came from (by its data-receipt value).
  function show(entry, state, text) {
    var form = document.querySelector('form[data-receipt="' + CSS.escape(entry.form) + '"]');
    var el = form && form.querySelector("[data-receipt-status]");
    if (form) form.dataset.receiptState = state;
    if (!el) return;
    el.dataset.state = state;
    el.textContent = text;
    el.hidden = !text;
  }

  function retry(entry) {
    var wait = BACKOFF_MS[Math.min(entry.tries - 1, BACKOFF_MS.length - 1)];
    show(entry, "retrying", "Not sent yet — retrying in " + Math.round(wait / 1000) + " s");
    clearTimeout(timers[entry.slot]);
    timers[entry.slot] = setTimeout(function () { send(entry.slot); }, wait);
  }

  function swapIn(entry, response, html) {
    var target = response.headers.get("HX-Retarget") || entry.target;
    var style = response.headers.get("HX-Reswap") || entry.swap || "outerHTML";
    var el = target && document.querySelector(target);
    if (el && html) window.htmx.swap(el, html, { swapStyle: style });
  }

  function send(slot) {
    var entry = current(slot);
    if (!entry || inFlight[slot]) return;
    inFlight[slot] = entry.key;
    entry.tries = (entry.tries || 0) + 1;
    put(entry);
    show(entry, "sending", entry.tries > 1 ? "Sending again…" : "Sending…");
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    fetch(entry.url, {
      method: "POST",
      body: entry.body,
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": csrfToken(),
        "HX-Request": "true",
        "Idempotency-Key": entry.key,
      },
    })
      .then(function (response) {
        return response.text().then(function (html) { return [response, html]; });
      })
      .then(function (pair) {
        var response = pair[0], html = pair[1];
        clearTimeout(timer);
        delete inFlight[slot];
        if (response.status >= 500 || response.status === 429) return retry(entry);
        drop(entry);
        var redirect = response.headers.get("HX-Redirect");
        if (redirect) { window.location.href = redirect; return; }
        swapIn(entry, response, html);
        if (response.ok) {
          show(entry, "saved", entry.saved || "Saved ✓");
          document.dispatchEvent(new CustomEvent("classroom:saved", { detail: entry }));
        } else {
          show(entry, "refused", "");
          document.dispatchEvent(new CustomEvent("classroom:refused", { detail: entry }));
        }
        if (current(slot)) send(slot);  // a newer one waited for this one
      })
      .catch(function () {
        clearTimeout(timer);
        delete inFlight[slot];
        var newer = current(slot);
        if (newer && newer.key !== entry.key) return send(slot);
        retry(entry);
      });
  }

  // An entry for a form: its data (with the button pressed), where to send it, what to swap.
  function entryFor(form, submitter, options) {
    options = options || {};
    var data = new FormData(form, submitter || undefined);
    data.delete("csrfmiddlewaretoken");
    var key = newKey();
    var base = options.slot || form.dataset.receipt;
    return {
      form: form.dataset.receipt,
      slot: base + (form.hasAttribute("data-receipt-each") ? ":" + key : ""),
      key: key,
      url: options.url || form.getAttribute("action"),
      body: new URLSearchParams(data).toString(),
      target: options.target || form.dataset.receiptTarget || "#live",
      swap: options.swap || form.dataset.receiptSwap || "outerHTML",
      saved: options.saved || form.dataset.receiptSaved || "",
      page: window.location.pathname,
      at: Date.now(),
      tries: 0,
    };
  }

  function queue(entry, form, submitter) {
    put(entry);
    clearTimeout(timers[entry.slot]);
    document.dispatchEvent(new CustomEvent("classroom:sending", { detail: { form: form, submitter: submitter } }));
    send(entry.slot);
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-receipt]")) return;
    e.preventDefault();
    queue(entryFor(form, e.submitter), form, e.submitter);
  });

  // A fragment swapped in (a poll) draws the status of what is still pending in its slots.
  function redraw() {
    var all = load();
    Object.keys(all).forEach(function (slot) {
      var entry = all[slot];
      if (inFlight[slot]) show(entry, "sending", entry.tries > 1 ? "Sending again…" : "Sending…");
      else if (timers[slot]) show(entry, "retrying", "Not sent yet — retrying");
    });
  }
  document.addEventListener("htmx:load", redraw);

  function resendAll() {
    var all = load();
    Object.keys(all).forEach(function (slot) {
      if (!(Date.now() - (all[slot].at || 0) < FORGET_MS)) { delete all[slot]; save(all); return; }
      if (all[slot].page === window.location.pathname && !inFlight[slot]) {
        clearTimeout(timers[slot]);
        send(slot);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", resendAll);
  window.addEventListener("online", resendAll);
  window.classroomReceipts = {
    pending: load,
    // Send a receipt form's data somewhere else than its action (a draft saved as one types):
    // options.url, options.slot (its own slot, so it never replaces the form's submission),
    // options.target and options.swap (what the answer replaces), options.saved (the words).
    send: function (form, options) { queue(entryFor(form, null, options), form, null); },
  };
})();
