// Progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var announcer = document.getElementById("announcer");
  var desktop = window.matchMedia("(min-width: 64rem)");

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* storage blocked: nothing is remembered */ }
  }

  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  // --- Theme: the button names the theme it switches to; the choice is remembered. ---
  var toggle = document.getElementById("theme-toggle");
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function currentTheme() {
    return root.getAttribute("data-theme") || (media.matches ? "dark" : "light");
  }
  function showTheme() {
    if (!toggle) return;
    var other = currentTheme() === "dark" ? "light" : "dark";
    var label = "Switch to " + other + " theme";
    toggle.querySelector(".theme-label").textContent = label;
    toggle.title = label;
    toggle.setAttribute("data-switches-to", other);
  }
  if (toggle) {
    showTheme();
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      store("theme", next);
      showTheme();
      announce(next === "dark" ? "Dark theme on" : "Light theme on");
    });
    media.addEventListener("change", showTheme);
  }

  // --- Header menu (below 1,024 px the links fold into it). ---
  var menuButton = document.getElementById("menu-toggle");
  var menu = document.getElementById("site-menu");
  function setMenu(open, focusButton) {
    if (!menuButton || !menu) return;
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
    if (!open && focusButton) menuButton.focus();
  }
  if (menuButton && menu) {
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      setMenu(open);
      if (open) {
        var first = menu.querySelector("a, button");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) setMenu(false, true);
    });
    document.addEventListener("click", function (event) {
      if (menu.classList.contains("is-open") && !menu.contains(event.target) &&
          !menuButton.contains(event.target)) setMenu(false);
    });
    desktop.addEventListener("change", function () { setMenu(false); });
  }

  // --- Search overlay: the header's icon or "/" anywhere. ---
  var dialog = document.getElementById("search-dialog");
  var dialogInput = document.getElementById("search-dialog-q");
  var pageInput = document.getElementById("q");  // on the search page itself
  function openSearch() {
    if (pageInput) {  // the search page has its own box: use it
      pageInput.focus();
      pageInput.select();
      return;
    }
    if (!dialog || !dialogInput || typeof dialog.showModal !== "function") {
      window.location.href = document.getElementById("search-open").href;
      return;
    }
    setMenu(false);
    if (!dialog.open) dialog.showModal();
    dialogInput.focus();
    dialogInput.select();
  }
  var searchOpen = document.getElementById("search-open");
  if (searchOpen) {
    searchOpen.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      openSearch();
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || (dialog && dialog.open)) return;
    event.preventDefault();
    openSearch();
  });
  function resultLinks(scope) {
    return Array.prototype.slice.call(scope.querySelectorAll(".search-results a"));
  }
  if (dialog) {
    dialog.addEventListener("click", function (event) {
      // A click on the backdrop (outside the box) or on "Close" closes the overlay.
      if (event.target === dialog || event.target.closest("[data-close-dialog]")) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = resultLinks(dialog);
      if (!links.length) return;
      var index = links.indexOf(document.activeElement);
      event.preventDefault();
      if (event.key === "ArrowDown") {
        links[Math.min(index + 1, links.length - 1)].focus();
      } else if (index <= 0) {
        dialogInput.focus();
      } else {
        links[index - 1].focus();
      }
    });
  }

  // "Show more" results: move the focus to the first new one (keyboard users stay put).
  document.body.addEventListener("htmx:afterSettle", function () {
    var first = document.querySelector(".search-results li.first-new");
    if (!first) return;
    first.classList.remove("first-new");
    var link = first.querySelector("a");
    if (link) link.focus();
  });

  // --- The searched words, highlighted on the page a result opens (?h=...). ---
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

  function highlight(scope, pattern) {
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest("svg, form, mark, script, style, .copy-button")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      var match, cursor = 0, fragment = null;
      while ((match = pattern.exec(text)) !== null) {
        if (!match[0]) { pattern.lastIndex += 1; continue; }
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(text.slice(cursor, match.index)));
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = match[0];
        fragment.appendChild(mark);
        marks.push(mark);
        cursor = match.index + match[0].length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(text.slice(cursor)));
        node.parentNode.replaceChild(fragment, node);
      }
    });
    return marks;
  }

  function showHighlights() {
    var prose = document.querySelector(".chapter");
    var params = new URLSearchParams(window.location.search);
    var terms = (params.get("h") || "").slice(0, 200);
    if (!prose || !terms.trim()) return;
    var pattern = queryPattern(terms);
    if (!pattern) return;
    var marks = highlight(prose, pattern);
    var bar = document.createElement("div");
    bar.className = "hit-bar";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Search highlights");
    var count = document.createElement("span");
    count.textContent = marks.length
      ? marks.length + " match" + (marks.length === 1 ? "" : "es") + " for “" + terms + "”"
      : "“" + terms + "” is not on this page";
    bar.appendChild(count);
    var current = -1;
    if (marks.length) {
      // Start from the section the result pointed at.
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) {
        for (var i = 0; i < marks.length; i++) {
          if (target.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING) {
            current = i - 1;
            break;
          }
        }
      }
      var next = document.createElement("button");
      next.type = "button";
      next.textContent = "Next";
      next.addEventListener("click", function () {
        if (current >= 0) marks[current].classList.remove("is-current");
        current = (current + 1) % marks.length;
        marks[current].classList.add("is-current");
        marks[current].scrollIntoView({block: "center"});
      });
      bar.appendChild(next);
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = "Clear";
    clear.setAttribute("aria-label", "Clear the highlights");
    clear.addEventListener("click", function () {
      marks.forEach(function (mark) {
        mark.replaceWith(document.createTextNode(mark.textContent));
      });
      prose.normalize();
      bar.remove();
      params.delete("h");
      var search = params.toString();
      history.replaceState(history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    });
    bar.appendChild(clear);
    document.body.appendChild(bar);
  }
  showHighlights();

  // --- Table of contents: folded on phones, following the reader on desktop. ---
  var toc = document.querySelector(".toc");
  var tocButton = document.getElementById("toc-toggle");
  if (toc && tocButton) {
    tocButton.addEventListener("click", function () {
      var open = tocButton.getAttribute("aria-expanded") !== "true";
      tocButton.setAttribute("aria-expanded", open ? "true" : "false");
      toc.classList.toggle("is-open", open);
    });
    toc.addEventListener("click", function (event) {
      if (event.target.closest("a") && !desktop.matches) {
        tocButton.setAttribute("aria-expanded", "false");
        toc.classList.remove("is-open");
      }
    });
  }
  var chapter = document.querySelector("article.chapter");
  if (toc && chapter) {
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (link) {
      links[decodeURIComponent(link.getAttribute("href").slice(1))] = link;
    });
    var headings = Array.prototype.filter.call(
      chapter.querySelectorAll("h2[id], h3[id]"), function (h) { return links[h.id]; });
    var title = (chapter.querySelector("h1") || {}).textContent || document.title;
    var active = null, ticking = false, saveTimer = 0;
    var update = function () {
      ticking = false;
      var line = window.innerHeight * 0.25;
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top <= line) current = headings[i];
        else break;
      }
      if (current === active) return;
      if (active) links[active.id].removeAttribute("aria-current");
      active = current;
      if (!active) return;
      var link = links[active.id];
      link.setAttribute("aria-current", "location");
      // Keep the highlighted entry in view when the list scrolls (desktop sidebar).
      if (desktop.matches && toc.scrollHeight > toc.clientHeight) {
        var top = link.offsetTop - toc.offsetTop;
        if (top < toc.scrollTop || top > toc.scrollTop + toc.clientHeight - 40) {
          toc.scrollTop = top - toc.clientHeight / 3;
        }
      }
      // Remembered for home's "continue where you left off" card.
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(function () {
        store("last-read", JSON.stringify({
          path: window.location.pathname, title: title.trim(),
          anchor: active.id, heading: (link.textContent || "").trim(), at: Date.now()
        }));
      }, 1000);
    };
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(update); }
    }, {passive: true});
    update();
  }

  // --- Home: "continue where you left off" from the last section read here. ---
  var card = document.getElementById("continue-reading");
  if (card) {
    var last = null;
    try { last = JSON.parse(stored("last-read") || "null"); } catch (e) { last = null; }
    if (last && typeof last.path === "string" && /^\/notes\/[a-z0-9-]+\/$/.test(last.path) &&
        document.querySelector(".chapter-cards a[href='" + last.path + "']")) {
      var link = card.querySelector("a");
      link.href = last.path + (last.anchor && /^[A-Za-z0-9_-]+$/.test(last.anchor) ? "#" + last.anchor : "");
      link.textContent = String(last.heading || last.title).slice(0, 120);
      card.querySelector(".continue-chapter").textContent = String(last.title).slice(0, 120);
      card.hidden = false;
      card.closest("section").hidden = false;
    }
  }

  // --- Widget presets (the storage-class picker's exam scenarios): fill the form in
  // place and let htmx send it; without this file the link opens the tool page. ---
  document.addEventListener("click", function (event) {
    var preset = event.target.closest("a[data-preset]");
    if (!preset) return;
    var widget = preset.closest(".widget");
    var form = widget && widget.querySelector("form.widget-form");
    if (!form) return;
    event.preventDefault();
    var values = new URL(preset.href, window.location.href).searchParams;
    values.forEach(function (value, name) {
      var fields = form.querySelectorAll("[name='" + name.replace(/[^a-z_]/g, "") + "']");
      fields.forEach(function (field) {
        if (field.type === "hidden") return;
        if (field.type === "checkbox" || field.type === "radio") field.checked = field.value === value;
        else field.value = value;
      });
    });
    widget.querySelectorAll("a[data-preset]").forEach(function (a) { a.removeAttribute("aria-current"); });
    preset.setAttribute("aria-current", "true");
    form.dispatchEvent(new Event("change", {bubbles: true}));
    announce("Filled in: " + preset.textContent.trim());
  });

  // --- A copy button on every code block. ---
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
