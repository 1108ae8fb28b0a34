// Live widgets in the static export: the widget's own Python logic run in the browser by
// Pyodide (vendored into the export by studysite/export/build.py, pinned by
// studysite/export/pyodide/package-lock.json; nothing from another host). export.js
// loads this file the first time a learner edits a live widget over http(s); browsers
// refuse to load WebAssembly from a page opened from disk.
(function () {
  "use strict";
  var me = document.currentScript;
  var root = me.getAttribute("data-root");
  var pyodideUrl = me.getAttribute("data-pyodide");
  var ready = null;

  // The same calls the server's widget views make (studysite/widgets/registry.py), on the
  // same package path: the export ships the modules imported here and every module of
  // studysite/widgets/logic they import, with the widgets' data (static/export/py/,
  // listed in manifest.json; studysite/export/assets.py LIVE_MODULES names this import).
  var RUNNER = [
    "import json",
    "from studysite.widgets.logic import bucket_names, common, s3_uri, sigv4, storage_classes",
    "def _storage(inputs):",
    "    return storage_classes.recommend(inputs, storage_classes.load_prices())",
    "WIDGETS = {",
    "    'bucket-name': (bucket_names.parse_input, bucket_names.validate_bucket_name),",
    "    'object-key': (bucket_names.parse_key_input, bucket_names.check_object_key),",
    "    's3-uri': (s3_uri.parse_input, s3_uri.build_s3_addresses),",
    "    'storage-class': (storage_classes.parse_input, _storage),",
    "    'sigv4': (sigv4.parse_widget_input, sigv4.sign_and_compare),",
    "}",
    "def run(name, data_json):",
    "    parse, compute = WIDGETS[name]",
    "    try:",
    "        parsed = parse(json.loads(data_json))",
    "    except common.InputError as exc:",
    "        return json.dumps({'errors': [e.to_dict() for e in exc.errors]})",
    "    return json.dumps(compute(parsed).to_dict())",
  ].join("\n");

  function fetchOk(url, how) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return how === "json" ? r.json() : r.arrayBuffer();
    });
  }

  function progress(text) {
    document.querySelectorAll(".export-live-loading").forEach(function (el) { el.textContent = text; });
  }

  function load() {
    if (ready) return ready;
    var py = root + "static/export/py/";
    ready = new Promise(function (resolve, reject) {
      progress("Loading Python in your browser (once, about 14 MB)… step 1 of 3");
      var script = document.createElement("script");
      script.src = pyodideUrl + "pyodide.js";
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Pyodide did not load")); };
      document.head.appendChild(script);
    }).then(function () {
      progress("Starting Python… step 2 of 3");
      return window.loadPyodide({ indexURL: pyodideUrl });
    }).then(function (pyodide) {
      progress("Loading the widget’s own Python code… step 3 of 3");
      return fetchOk(py + "manifest.json", "json").then(function (files) {
        return Promise.all(files.map(function (f) { return fetchOk(py + f); })).then(function (data) {
          files.forEach(function (f, i) {
            var path = "/home/pyodide/" + f;
            pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
            pyodide.FS.writeFile(path, new Uint8Array(data[i]));
          });
          pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\n" + RUNNER);
          return pyodide.globals.get("run");
        });
      });
    });
    return ready;
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c];
    });
  }

  var NOTE = '<p class="hint export-live-note">Computed in your browser by the widget’s own Python code.</p>';

  function notes(result) {
    return (result.notes || []).map(function (n) { return '<p class="hint">' + escapeHtml(n) + "</p>"; }).join("");
  }

  function renderAddresses(result) {
    var rows = [["S3 URI", result.s3_uri], ["ARN", result.arn],
      ["Virtual-hosted–style URL", result.virtual_hosted_url], ["Path-style URL", result.path_style_url]];
    return "<dl>" + rows.map(function (r) {
      return "<dt>" + r[0] + "</dt><dd><code>" + escapeHtml(r[1] || "") + "</code></dd>";
    }).join("") + "</dl>" + notes(result) + NOTE;
  }

  function renderKey(result) {
    var problems = result.problems || [];
    return '<p class="verdict ' + (result.valid ? "verdict-good" : "verdict-bad") + '">' +
      (result.valid ? "A valid key" : "Not a valid key") + ": " + result.byte_length + " of " +
      result.max_bytes + " bytes</p>" +
      (problems.length ? '<ul class="violations">' + problems.map(function (p) {
        return "<li>" + escapeHtml(p.message || JSON.stringify(p)) + "</li>";
      }).join("") + "</ul>" : "") +
      (result.url_encoded ? "<p>URL-encoded: <code>" + escapeHtml(result.url_encoded) + "</code></p>" : "") +
      notes(result) + NOTE;
  }

  function render(result, name) {
    if (result.errors) {
      return '<p class="verdict verdict-bad">' + result.errors.map(function (e) {
        return escapeHtml(e.message);
      }).join(" ") + "</p>";
    }
    var broken = result.violations || [];
    var html = result.valid
      ? '<p class="verdict verdict-good"><span aria-hidden="true">✓</span> A valid name</p>'
      : '<p class="verdict verdict-bad"><span aria-hidden="true">✗</span> Not a valid name: ' +
        broken.length + " rule" + (broken.length === 1 ? "" : "s") + " broken</p>";
    if (broken.length) {
      html += '<ul class="violations">' + broken.map(function (v) {
        return "<li>" + escapeHtml(v.message) + "</li>";
      }).join("") + "</ul>";
    }
    if (result.suggestion) html += '<p class="suggestion">Try <code>' + escapeHtml(result.suggestion) + "</code></p>";
    return html + notes(result) + NOTE;
  }

  function values(form) {
    var data = {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (field) {
      if (field.type === "checkbox") data[field.name] = field.checked;
      else if (field.type !== "hidden") data[field.name] = field.value;
    });
    return data;
  }

  function money(value) {
    return typeof value === "number" ? "$" + value.toFixed(2) : "–";
  }

  function renderStorage(result) {
    var rows = (result.options || []).map(function (o) {
      return "<tr" + (o.storage_class === result.recommended ? ' class="recommended"' : "") + ">" +
        "<th scope=\"row\"><code>" + escapeHtml(o.storage_class) + "</code></th>" +
        "<td>" + (o.meets_requirements ? "Meets your needs" : "Does not fit") + "</td>" +
        "<td>" + money(o.monthly_cost_usd) + "</td><td>" + money(o.total_cost_usd) + "</td>" +
        "<td>" + (o.reasons || []).map(escapeHtml).join(" ") + "</td></tr>";
    }).join("");
    return '<p class="verdict verdict-good">Recommended: <code>' + escapeHtml(result.recommended) +
      "</code> (" + escapeHtml(result.region) + " prices as of " + escapeHtml(result.prices_as_of) +
      ")</p><div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr><th scope=\"col\">Storage class</th>" +
      "<th scope=\"col\">Fit</th><th scope=\"col\">Per month</th><th scope=\"col\">Total</th>" +
      "<th scope=\"col\">Why</th></tr></thead><tbody>" + rows + "</tbody></table></div>" + NOTE;
  }

  function renderSigv4(result) {
    var parts = [["Canonical request", result.canonical_request], ["String to sign", result.string_to_sign],
      ["Credential scope", result.credential_scope], ["Signed headers", result.signed_headers],
      ["Signature", result.signature], ["Authorization header", result.authorization],
      ["Presigned URL", result.presigned_url]];
    return "<dl>" + parts.filter(function (p) { return p[1]; }).map(function (p) {
      return "<dt>" + p[0] + "</dt><dd><pre tabindex=\"0\"><code>" + escapeHtml(p[1]) + "</code></pre></dd>";
    }).join("") + "</dl>" + NOTE;
  }

  var RENDER = { "s3-uri": renderAddresses, "object-key": renderKey, "storage-class": renderStorage,
    sigv4: renderSigv4 };

  var latest = new WeakMap();
  var started = false;
  window.studyLive = {
    // The widget's JSON for these values, computed by its Python code in the browser
    // (the browser test compares it with what the server's logic returns).
    compute: function (name, data) {
      started = true;
      return load().then(function (run) { return run(name, JSON.stringify(data)); });
    },
    run: function (form) {
      var name = form.getAttribute("data-widget");
      var section = form.closest("section") || form.parentNode;
      var target = section.querySelector(".widget-result");
      if (!target) return;
      var data = values(form), ticket = {};
      latest.set(form, ticket);
      if (!started) {
        // A visible progress indicator while Pyodide loads (only the first time).
        target.innerHTML = '<div class="export-live-progress" role="status">' +
          '<progress aria-label="Loading Python"></progress> <span class="hint export-live-loading">' +
          "Loading Python in your browser (once, about 14 MB)…</span></div>";
      }
      started = true;
      load().then(function (run) {
        if (latest.get(form) !== ticket) return;
        var result = JSON.parse(run(name, JSON.stringify(data)));
        target.innerHTML = result.errors || !RENDER[name] ? render(result) : RENDER[name](result);
      }).catch(function (error) {
        target.innerHTML = '<p class="verdict verdict-bad">The live widget could not start: ' +
          escapeHtml(error.message) + "</p>";
      });
    },
  };
})();
