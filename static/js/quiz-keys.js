// Keyboard shortcuts for questions (chapter quiz, practice, review, mock exam):
// 1-6 or A-F choose an option, Enter submits, N goes to the next question, F flags.
// Where a flag control is on the page, F flags and a sixth option is chosen with 6.
// After a review answer, 1-4 press Again, Hard, Good or Easy (as in Anki).
// Every action is also an ordinary control, so the page works without this file.
(function () {
  "use strict";
  var LETTERS = "abcdef";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && !/^(radio|checkbox)$/i.test(target.type)) ||
      (target && target.isContentEditable);
  }

  function click(selector) {
    var element = document.querySelector(selector);
    if (!element) return false;
    // Content htmx swapped in a moment ago may not be wired up yet: do it now, so the
    // click goes through htmx rather than reloading the page.
    if (window.htmx) window.htmx.process(element.closest("form") || element);
    element.click();
    return true;
  }

  // The shortcuts exist only with this file, so only then are they announced.
  function showHints(scope) {
    scope.querySelectorAll(".keys-hint[hidden]").forEach(function (hint) { hint.hidden = false; });
  }
  showHints(document);
  document.addEventListener("htmx:afterSwap", function (event) { showHints(event.target); });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var options = document.querySelectorAll(".quiz-options input[name='option']");
    var key = event.key.toLowerCase();
    if (!options.length && /^[1-4]$/.test(key) && !event.shiftKey &&
        click("[data-rating='" + key + "']")) {
      event.preventDefault();
      return;
    }
    var index = "123456".indexOf(key);
    var canFlag = !!document.querySelector("[data-key='flag']");
    if (index < 0 && key.length === 1 && !(key === "f" && canFlag)) index = LETTERS.indexOf(key);
    if (index >= 0 && index < options.length && !event.shiftKey) {
      var input = options[index];
      if (input.type === "radio") input.checked = true;
      else input.checked = !input.checked;
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      event.preventDefault();
      return;
    }
    if (key === "enter" && options.length && event.target.tagName !== "BUTTON" &&
        event.target.tagName !== "A") {
      var form = options[0].form;
      if (form) {
        var submit = form.querySelector("[data-key='submit']") ||
          form.querySelector("button[type='submit'], button:not([type])");
        if (form.requestSubmit) form.requestSubmit(submit || undefined);
        else form.submit();
        event.preventDefault();
      }
      return;
    }
    if (key === "n" && click("[data-key='next']")) { event.preventDefault(); return; }
    if (key === "f" && click("[data-key='flag']")) { event.preventDefault(); }
  });
})();
