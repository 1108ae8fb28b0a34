// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var announcer = document.getElementById("announcer");

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // Theme toggle: starts from the stored choice or the OS preference; remembered.
  var toggle = document.getElementById("theme-toggle");
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function currentTheme() {
    return root.getAttribute("data-theme") || (media.matches ? "dark" : "light");
  }
  function showTheme() {
    if (toggle) toggle.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
  }
  if (toggle) {
    toggle.hidden = false;
    showTheme();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) { /* not remembered */ }
      showTheme();
      announce(next === "dark" ? "Dark theme on" : "Light theme on");
    });
    media.addEventListener("change", showTheme);
  }

  // A copy button on every code block.
  function addCopyButtons(scope) {
    scope.querySelectorAll(".prose .highlight, .copyable").forEach(function (block) {
      if (block.querySelector(".copy-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy this code");
      button.addEventListener("click", function () {
        var code = block.querySelector("code") || block.querySelector("pre");
        var text = code ? code.innerText.replace(/\n$/, "") : "";
        var done = function () {
          button.textContent = "Copied";
          announce("Code copied to the clipboard");
          window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () {
            announce("Copying failed: select the code and copy it yourself");
          });
        } else {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          announce("Code selected: press Control+C to copy");
        }
      });
      block.insertBefore(button, block.firstChild);
    });
  }
  addCopyButtons(document);
  // Widget results swapped in by htmx get their buttons too.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    addCopyButtons(event.target);
  });
})();
