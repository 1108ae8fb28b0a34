// Search, loaded only when needed (site.js loads it): the overlay, on the first "/" or
// click on the header's icon, and the searched words highlighted on a page a result
// opened (?h=...). Nothing here is part of a page's first load.
(function () {
  "use strict";
  var script = document.currentScript;
  var searchUrl = script.getAttribute("data-search-url");

  // --- The overlay: the search page's form, sent by htmx as the reader types; the
  // server answers with the page's "results" partial. "queue last": a superseded
  // request finishes rather than being aborted (htmx logs an abort as an error).
  var dialog = null;
  var input = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "search-dialog";
    dialog.id = "search-dialog";
    dialog.setAttribute("aria-label", "Search the notes");
    var form = document.createElement("form");
    form.className = "search-dialog-form";
    form.setAttribute("role", "search");
    form.action = searchUrl;
    form.method = "get";
    form.setAttribute("hx-get", searchUrl);
    form.setAttribute("hx-trigger", "input changed delay:120ms");
    form.setAttribute("hx-target", "#search-dialog-results");
    form.setAttribute("hx-sync", "this:queue last");
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "search-dialog-q";
    label.textContent = "Words to find";
    input = document.createElement("input");
    input.id = "search-dialog-q";
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search the notes";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.maxLength = 200;
    input.setAttribute("aria-describedby", "search-dialog-help");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "search-dialog-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    form.append(label, input, close);
    var results = document.createElement("div");
    results.className = "search-dialog-results";
    results.id = "search-dialog-results";
    results.setAttribute("aria-live", "polite");
    var help = document.createElement("p");
    help.className = "search-dialog-help hint";
    help.id = "search-dialog-help";
    help.textContent = "Enter: all results · ↓ ↑: move · Esc: close · \u201cquotes\u201d for a phrase";
    dialog.append(form, results, help);
    document.body.appendChild(dialog);
    if (window.htmx) window.htmx.process(dialog);

    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // the backdrop, outside the box
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(dialog.querySelectorAll(".search-results a"));
      if (!links.length) return;
      var index = links.indexOf(document.activeElement);
      event.preventDefault();
      if (event.key === "ArrowDown") links[Math.min(index + 1, links.length - 1)].focus();
      else if (index <= 0) input.focus();
      else links[index - 1].focus();
    });
  }

  function open(typed) {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    input.focus();
    if (typed) {
      input.value = typed;
      input.dispatchEvent(new Event("input", {bubbles: true}));
    } else {
      input.select();
    }
  }

  // --- The searched words on this page (?h=, from a search result's link). ---
  function queryPattern(text) {
    var parts = [];
    text.replace(/["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]*)["\u201c\u201d\u201e]?|([^\s"\u201c\u201d\u201e]+)/g,
      function (all, phrase, word) {
        var words = (phrase || word || "").toLowerCase().match(/[0-9a-z]+/g);
        if (words) parts.push(words.join("[^0-9a-z]+"));
        return all;
      });
    if (!parts.length) return null;
    try {
      return new RegExp("(?<![0-9a-z])(?:" + parts.join("|") + ")[0-9a-z]*", "gi");
    } catch (e) {
      return null;  // no lookbehind in this browser: no highlights
    }
  }

  function mark(scope, pattern) {
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return !parent || parent.closest("svg, form, mark, script, style, .copy-button")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue, match, cursor = 0, fragment = null;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        if (!match[0]) { pattern.lastIndex += 1; continue; }
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(text.slice(cursor, match.index)));
        var hit = document.createElement("mark");
        hit.className = "search-hit";
        hit.textContent = match[0];
        fragment.appendChild(hit);
        marks.push(hit);
        cursor = match.index + match[0].length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(text.slice(cursor)));
        node.parentNode.replaceChild(fragment, node);
      }
    });
    return marks;
  }

  function button(text, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function highlight() {
    var scope = document.querySelector(".chapter");
    var params = new URLSearchParams(window.location.search);
    var terms = (params.get("h") || "").slice(0, 200);
    var pattern = scope && terms.trim() && queryPattern(terms);
    if (!pattern) return;
    var marks = mark(scope, pattern);
    var bar = document.createElement("div");
    bar.className = "hit-bar";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Search highlights");
    var count = document.createElement("span");
    count.textContent = marks.length
      ? marks.length + " match" + (marks.length === 1 ? "" : "es") + " for \u201c" + terms + "\u201d"
      : "\u201c" + terms + "\u201d is not on this page";
    bar.appendChild(count);
    var current = -1;
    if (marks.length) {
      // "Next" starts from the section the result pointed at.
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target) {
        for (var i = 0; i < marks.length; i++) {
          if (target.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
            current = i - 1;
            break;
          }
        }
      }
      bar.appendChild(button("Next", "Next match", function () {
        if (current >= 0) marks[current].classList.remove("is-current");
        current = (current + 1) % marks.length;
        marks[current].classList.add("is-current");
        marks[current].scrollIntoView({block: "center"});
      }));
    }
    bar.appendChild(button("Clear", "Clear the highlights", function () {
      marks.forEach(function (hit) { hit.replaceWith(document.createTextNode(hit.textContent)); });
      scope.normalize();
      bar.remove();
      params.delete("h");
      var search = params.toString();
      history.replaceState(history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }));
    document.body.appendChild(bar);
  }

  window.studySearch = {open: open};
  highlight();
})();
