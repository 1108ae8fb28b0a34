// Says so when a form sent with htmx was not saved (issue 22, finding 7): htmx swaps
// nothing when the connection fails or the server answers with an error, so without
// this a click that did not go through looks like one that did. Answer posts are
// idempotent on the server, so pressing the button again is always safe.
(function () {
  "use strict";
  var CLASS = "save-status";

  function message(detail) {
    var xhr = detail && detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (status === 403) return "Not saved: this page's form has expired. Reload the page and answer again.";
    if (status === 429) return "Not saved: too many requests just now. Wait a minute, then press the button again.";
    if (status >= 500) return "Not saved: the server had a problem. Press the button again: an answer already saved is never counted twice.";
    if (status >= 400) return "Not saved: the request was refused. Reload the page and try again.";
    return "Not saved: the connection failed. Check it, then press the button again: an answer already saved is never counted twice.";
  }

  function show(detail) {
    var source = detail && detail.elt;
    var form = source && (source.closest ? source.closest("form") : null);
    if (!form || !form.parentNode) return;
    var note = form.querySelector("." + CLASS);
    if (!note) {
      note = document.createElement("p");
      note.className = "quiz-message " + CLASS;
      note.setAttribute("role", "alert");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = message(detail);
  }

  function clear(detail) {
    var source = detail && detail.elt;
    var form = source && (source.closest ? source.closest("form") : null);
    var note = form && form.querySelector("." + CLASS);
    if (note && detail.successful) note.remove();
  }

  document.addEventListener("htmx:sendError", function (event) { show(event.detail); });
  document.addEventListener("htmx:timeout", function (event) { show(event.detail); });
  document.addEventListener("htmx:responseError", function (event) { show(event.detail); });
  document.addEventListener("htmx:afterRequest", function (event) { clear(event.detail); });
})();
