// The static export's own script (studysite/export/build.py writes it beside site.js).
//
// Search: the index is a generated script file (search-index.js), added to the page the
// first time the reader uses search, because browsers refuse fetch() and XHR from pages
// opened from disk (file://) but still run a <script src>. It ranks sections as the
// site's search does (studysite/chapters/search.py): every word must match, a typed
// word matches itself (and, for less, any word it starts), weights and idf were computed
// by the site's own index at export time, words standing together as typed rank higher.
//
// Self-check: opening a question's "Show the answer" marks the options chosen right or
// wrong. Without JavaScript the disclosure simply shows the answer.
(function () {
  "use strict";
  var me = document.currentScript;
  var root = new URL(me.getAttribute("data-root") || "./", window.location.href).href;
  var pretty = me.getAttribute("data-pretty") === "1";
  var PAGE = 20, MAX_PREFIX = 64, PHRASE_BONUS = 1.5;
  var index = null, vocabulary = null, waiting = [];

  function loadIndex(done) {
    if (index) { done(); return; }
    waiting.push(done);
    if (waiting.length > 1) return;
    var script = document.createElement("script");
    script.src = root + "static/export/search-index.js";
    script.onload = function () {
      index = window.STUDY_SEARCH_INDEX;
      vocabulary = Object.keys(index.terms).sort();
      var calls = waiting; waiting = [];
      calls.forEach(function (call) { call(); });
    };
    document.head.appendChild(script);
  }

  function tokenize(text) { return text.toLowerCase().match(/[0-9a-z]+/g) || []; }
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c];
    });
  }
  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function parse(query) {
    var phrases = [], rest = query.replace(/["“”„]([^"“”„]*)(?:["“”„]|$)/g, function (_, p) {
      var words = tokenize(p);
      if (words.length > 1) phrases.push(words); else if (words.length) return " " + words[0] + " ";
      return " ";
    });
    var terms = [];
    tokenize(rest).forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
    return { terms: terms.slice(0, 12), phrases: phrases };
  }

  function lowerBound(word) {
    var lo = 0, hi = vocabulary.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (vocabulary[mid] < word) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function termScores(term) {
    var scores = {}, start = lowerBound(term);
    for (var i = start; i < vocabulary.length && i < start + MAX_PREFIX; i++) {
      var candidate = vocabulary[i];
      if (candidate.lastIndexOf(term, 0) !== 0) break;
      var factor = candidate === term ? 1 : 0.5 + 0.4 * term.length / candidate.length;
      var postings = index.terms[candidate];
      for (var j = 0; j < postings.length; j += 2) {
        var score = factor * postings[j + 1];
        if (!(scores[postings[j]] >= score)) scores[postings[j]] = score;
      }
    }
    return scores;
  }

  function phraseScores(phrase) {
    var scores = {}, needle = " " + phrase.join(" ") + " ", maps = [];
    for (var i = 0; i < phrase.length; i++) {
      var postings = index.terms[phrase[i]], map = {};
      if (!postings) return scores;
      for (var j = 0; j < postings.length; j += 2) map[postings[j]] = postings[j + 1];
      maps.push(map);
    }
    Object.keys(maps[0]).forEach(function (doc) {
      if ((" " + index.words[doc] + " ").indexOf(needle) < 0) return;
      var score = 0;
      for (var k = 0; k < maps.length; k++) {
        if (!(doc in maps[k])) return;
        score += maps[k][doc];
      }
      scores[doc] = score * PHRASE_BONUS;
    });
    return scores;
  }

  function search(query) {
    var parsed = parse(query), requirements = [];
    parsed.terms.forEach(function (t) { requirements.push(termScores(t)); });
    parsed.phrases.forEach(function (p) { requirements.push(phraseScores(p)); });
    if (!requirements.length) return null;
    var scores = requirements[0];
    requirements.slice(1).forEach(function (more) {
      var next = {};
      Object.keys(scores).forEach(function (d) { if (d in more) next[d] = scores[d] + more[d]; });
      scores = next;
    });
    if (parsed.terms.length > 1) {
      var together = " " + parsed.terms.join(" ") + " ";
      Object.keys(scores).forEach(function (d) {
        if ((" " + index.words[d] + " ").indexOf(together) >= 0) scores[d] *= PHRASE_BONUS;
      });
    }
    var ranked = Object.keys(scores).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
    var alternatives = parsed.phrases.map(function (p) { return p.map(escapeRe).join("[^0-9a-z]+"); })
      .concat(parsed.terms.map(escapeRe));
    var pattern = new RegExp("(?<![0-9a-z])(?:" + alternatives.join("|") + ")[0-9a-z]*", "gi");
    return { ranked: ranked, pattern: pattern };
  }

  function mark(text, pattern) {
    var out = "", cursor = 0, match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text))) {
      if (!match[0]) { pattern.lastIndex++; continue; }
      out += escapeHtml(text.slice(cursor, match.index)) + "<mark>" + escapeHtml(match[0]) + "</mark>";
      cursor = match.index + match[0].length;
    }
    return out + escapeHtml(text.slice(cursor));
  }

  function snippet(text, pattern) {
    var size = index.snippet;
    pattern.lastIndex = 0;
    var first = pattern.exec(text), start = 0;
    if (first && first.index > size / 3) start = text.lastIndexOf(" ", first.index - Math.floor(size / 3)) + 1;
    var end = Math.min(text.length, start + size);
    if (first && first.index + first[0].length > end) end = Math.min(text.length, first.index + first[0].length + 20);
    if (end < text.length) { var space = text.lastIndexOf(" ", end); if (space > start) end = space; }
    return (start > 0 ? "…" : "") + mark(text.slice(start, end), pattern) + (end < text.length ? "…" : "");
  }

  function hitHtml(doc, found) {
    var d = index.docs[doc], heading = d[2] || d[3];
    // No "?h=" for in-page highlights: the site's highlighter is loaded from the server.
    var href = root + "notes/" + d[0] + "/" + (pretty ? "" : "index.html") + (d[1] ? "#" + d[1] : "");
    return '<li><a href="' + escapeHtml(href) + '">' + mark(heading, found.pattern) + "</a>" +
      ' <span class="where">' + escapeHtml(d[3]) + "</span><p>" + snippet(d[4], found.pattern) + "</p></li>";
  }

  function show(target, query, count) {
    if (!query.trim()) { target.innerHTML = ""; return; }
    var found = search(query);
    if (!found) { target.innerHTML = ""; return; }
    var total = found.ranked.length, shown = found.ranked.slice(0, count);
    var html = '<p class="result-count">' + total + " section" + (total === 1 ? "" : "s") +
      " match" + (total === 1 ? "es" : "") + " <strong>" + escapeHtml(query) + "</strong>.</p>";
    if (shown.length) {
      html += '<ol class="search-results">' + shown.map(function (d) { return hitHtml(d, found); }).join("");
      if (total > shown.length) {
        html += '<li class="search-more"><button type="button" class="link-button" data-more="' +
          (count + PAGE) + '">Show ' + Math.min(PAGE, total - shown.length) + " more results</button></li>";
      }
      html += "</ol>";
    } else {
      html += "<p>Try fewer or shorter words.</p>";
    }
    target.innerHTML = html;
  }

  function wire(input, target) {
    if (!input || !target) return;
    var run = function (count) {
      var query = input.value;
      loadIndex(function () { show(target, query, count || PAGE); });
    };
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", function () { run(PAGE); });
    target.addEventListener("click", function (event) {
      var more = event.target.closest("[data-more]");
      if (more) run(Number(more.getAttribute("data-more")));
    });
    if (input.id === "q") {
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { input.value = query; run(PAGE); }
      var form = input.form;
      if (form) form.addEventListener("submit", function (event) { event.preventDefault(); run(PAGE); });
    }
  }
  // The overlay: the header's search icon or "/" (ahead of site.js, which would load the
  // server's overlay).
  var dialog = document.getElementById("search-dialog");
  function openSearch(event) {
    if (!dialog || typeof dialog.showModal !== "function" || document.getElementById("q")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!dialog.open) dialog.showModal();
    var input = document.getElementById("search-dialog-q");
    input.focus();
    input.select();
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#search-open") && !event.ctrlKey &&
        !event.metaKey && !event.shiftKey && event.button === 0) openSearch(event);
  }, true);
  document.addEventListener("keydown", function (event) {
    var t = event.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
        !document.querySelector("dialog[open]")) openSearch(event);
  }, true);
  if (dialog) {
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.closest("[data-close-dialog]")) dialog.close();
    });
  }
  wire(document.getElementById("search-dialog-q"), document.getElementById("search-dialog-results"));
  wire(document.getElementById("q"), document.getElementById("search-results"));

  // --- Live widgets: loaded on the first edit (live.js, then Pyodide) ---
  var pyodide = me.getAttribute("data-pyodide"), liveLoaded = null, timers = new WeakMap();
  function withLive(done) {
    if (window.studyLive) { done(); return; }
    if (!liveLoaded) {
      liveLoaded = [];
      var script = document.createElement("script");
      script.src = root + "static/export/live.js";
      script.setAttribute("data-root", root);
      script.setAttribute("data-pyodide", new URL(pyodide, window.location.href).href);
      script.onload = function () { liveLoaded.forEach(function (f) { f(); }); };
      document.head.appendChild(script);
    }
    liveLoaded.push(done);
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-widget]");
    if (!form || !pyodide) return;
    if (!/^https?:$/.test(window.location.protocol)) {
      var hint = form.querySelector(".export-live-hint");
      if (hint) hint.classList.add("verdict-bad");
      return;
    }
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () {
      withLive(function () { window.studyLive.run(form); });
    }, 150));
  });

  // --- Self-check ---
  document.querySelectorAll(".self-check-answer").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) return;
      var question = details.closest(".self-check-question");
      var options = question.querySelectorAll(".self-check-options li");
      var chosen = 0, wrong = 0;
      options.forEach(function (li) {
        var picked = li.querySelector("input").checked, correct = li.hasAttribute("data-correct");
        li.classList.toggle("is-right", correct);
        li.classList.toggle("is-wrong", picked && !correct);
        if (picked) chosen++;
        if (picked !== correct) wrong++;
      });
      var verdict = details.querySelector(".self-check-verdict");
      verdict.textContent = !chosen ? "You did not choose yet: here is the answer." :
        wrong ? "Not quite: compare your choice with the explanations." : "Right!";
      verdict.className = "self-check-verdict " + (!chosen ? "" : wrong ? "verdict-bad" : "verdict-good");
    });
  });
})();
