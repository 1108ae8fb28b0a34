// Live sessions (templates/live/): the countdown, the polling fallback and focus after a
// swap. The stage (#live-stage) follows the server by server-sent events through htmx's
// SSE extension; this file only helps around it, and the pages work without it.
(function () {
  "use strict";
  var stage = document.getElementById("live-stage");
  if (!stage) return;
  var page = stage.closest("[data-server-now]");
  // The server's clock minus ours: countdowns follow the deadline the server keeps.
  var offset = page ? Number(page.getAttribute("data-server-now")) - Date.now() : 0;
  var poller = null;
  var failures = 0;
  var lastPoll = "";

  function startPolling() {
    if (poller || !window.htmx) return;
    poller = document.createElement("div");
    poller.hidden = true;
    poller.setAttribute("hx-get", stage.getAttribute("data-poll"));
    poller.setAttribute("hx-trigger", "every 3s");
    poller.setAttribute("hx-target", "#live-stage");
    poller.setAttribute("hx-swap", "innerHTML");
    document.body.appendChild(poller);
    window.htmx.process(poller);
  }

  function stopPolling() {
    if (poller) poller.remove();
    poller = null;
    lastPoll = "";
  }

  if (!window.EventSource) {
    // No server-sent events in this browser: poll the state fragment instead.
    stage.removeAttribute("sse-connect");
    document.addEventListener("DOMContentLoaded", startPolling);
  }

  document.body.addEventListener("htmx:sseError", function () {
    failures += 1;
    if (failures >= 2) startPolling();
  });
  document.body.addEventListener("htmx:sseOpen", function () {
    failures = 0;
    stopPolling();
  });

  function currentVersion() {
    var root = stage.querySelector("[data-version]");
    return root ? root.getAttribute("data-version") : "";
  }

  // A state event for the version already shown (the answer to our own click came first)
  // would only redraw the same screen and lose the keyboard focus: skip it.
  stage.addEventListener("htmx:sseBeforeMessage", function (event) {
    var message = event.detail;
    if (event.target === stage && message && message.type === "state" &&
        message.lastEventId && message.lastEventId === currentVersion()) {
      event.preventDefault();
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (poller && event.detail.requestConfig && event.detail.requestConfig.elt === poller) {
      var text = event.detail.serverResponse;
      if (text === lastPoll) event.detail.shouldSwap = false;
      lastPoll = text;
    }
  });

  // After the stage is redrawn, keep keyboard users where they can act: if focus was in
  // the stage (now gone), move it to the main button or the first option.
  var hadFocus = false;
  document.body.addEventListener("htmx:beforeSwap", function () {
    hadFocus = stage.contains(document.activeElement) && document.activeElement !== stage;
  });
  document.body.addEventListener("htmx:sseBeforeMessage", function () {
    hadFocus = stage.contains(document.activeElement) && document.activeElement !== stage;
  });
  function refocus() {
    tick();
    if (!hadFocus || stage.contains(document.activeElement)) return;
    var target = stage.querySelector("[data-primary], .live-option, button, a[href]");
    if (target) target.focus();
    hadFocus = false;
  }
  document.body.addEventListener("htmx:afterSettle", refocus);
  document.body.addEventListener("htmx:sseMessage", refocus);

  function tick() {
    var clocks = stage.querySelectorAll("[data-deadline]");
    for (var i = 0; i < clocks.length; i++) {
      var deadline = Number(clocks[i].getAttribute("data-deadline"));
      if (!deadline) continue;
      var left = Math.ceil((deadline - (Date.now() + offset)) / 1000);
      if (left > 0) {
        clocks[i].textContent = left + " s";
      } else if (!clocks[i].classList.contains("live-time-up")) {
        clocks[i].textContent = "Time is up";
        clocks[i].classList.add("live-time-up");
        var controls = stage.querySelectorAll(".live-answer-form button, .live-answer-form input[type=checkbox]");
        for (var j = 0; j < controls.length; j++) controls[j].disabled = true;
      }
    }
  }
  tick();
  window.setInterval(tick, 250);
})();
