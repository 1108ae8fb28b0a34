// Mock exam countdown. The server keeps the deadline and refuses late answers; this only
// keeps the "Time left" text current and, at zero, loads the exam again so that the
// server finishes it. Without this file the text is right as of the page load.
(function () {
  "use strict";
  var el = document.querySelector(".exam-remaining");
  if (!el) return;
  var seconds = parseInt(el.getAttribute("data-seconds"), 10);
  if (isNaN(seconds)) return;
  var end = Date.now() + seconds * 1000;
  var announcer = document.getElementById("announcer");
  var warned = {};

  function text(s) {
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (h) return h + " h " + m + " min";
    if (m) return r ? m + " min " + r + " s" : m + " min";
    return r + " s";
  }

  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    el.textContent = text(left);
    [600, 300, 60].forEach(function (mark) {
      if (left <= mark && left > mark - 5 && !warned[mark] && announcer) {
        warned[mark] = true;
        announcer.textContent = text(mark) + " left in the exam.";
      }
    });
    if (left <= 0) {
      var url = el.getAttribute("data-expired-url");
      if (url) window.location.assign(url);
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
