// CSRF for htmx requests: pages shared by every visitor carry no token of their own
// (studysite/shared_pages.py), so htmx sends the one in Django's csrftoken cookie as the
// X-CSRFToken header. Django accepts the cookie's value there (it is the unmasked secret).
// Plain forms do not need this file: they carry their token or live on their own page.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
  });
})();
