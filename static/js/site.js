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

  // --- Search: the overlay (the header's icon, or "/" anywhere) and the searched words
  // highlighted on the page a result opens (?h=) live in search.js and search.css,
  // loaded on first use, so they cost nothing on a page's first load. ---
  var me = document.currentScript;
  var searchOpen = document.getElementById("search-open");
  var pageInput = document.getElementById("q");  // the search page has its own box
  var waiting = null;
  function withSearch(then) {
    if (window.studySearch) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var pending = 2;
    var done = function () {
      if (--pending) return;
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (f) { f(); });
    };
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = me.getAttribute("data-search-css");
    css.onload = css.onerror = done;
    var js = document.createElement("script");
    js.src = me.getAttribute("data-search-js");
    js.setAttribute("data-search-url", searchOpen ? searchOpen.getAttribute("href") : "/search/");
    js.onload = done;
    js.onerror = function () { if (searchOpen) window.location.href = searchOpen.href; };
    document.head.appendChild(css);
    document.head.appendChild(js);
  }
  function openSearch() {
    if (pageInput) {
      pageInput.focus();
      pageInput.select();
      return;
    }
    setMenu(false);
    // Keys typed while search.js is still on its way are kept for its box.
    var typed = "";
    var keep = function (event) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        typed += event.key;
        event.preventDefault();
      }
    };
    if (!window.studySearch) document.addEventListener("keydown", keep, true);
    withSearch(function () {
      document.removeEventListener("keydown", keep, true);
      window.studySearch.open(typed);
    });
  }
  if (searchOpen) {
    searchOpen.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      openSearch();
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    event.preventDefault();
    openSearch();
  });
  if (new URLSearchParams(window.location.search).get("h")) withSearch(function () {});

  // "Show more" results: move the focus to the first new one (keyboard users stay put).
  document.body.addEventListener("htmx:afterSettle", function () {
    var first = document.querySelector(".search-results li.first-new");
    if (!first) return;
    first.classList.remove("first-new");
    var link = first.querySelector("a");
    if (link) link.focus();
  });

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
      // At the very end of the page the last sections cannot scroll up to the line:
      // then the last heading on screen is the one being read.
      var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (atEnd) line = window.innerHeight * 0.9;
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
