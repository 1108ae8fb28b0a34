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

  var RUNNER = [
    "import json",
    "from widgets_logic import bucket_names, s3_uri",
    "def run(name, data_json):",
    "    data = json.loads(data_json)",
    "    parse, compute = {",
    "        'bucket-name': (bucket_names.parse_input, bucket_names.validate_bucket_name),",
    "        'object-key': (bucket_names.parse_key_input, bucket_names.check_object_key),",
    "        's3-uri': (s3_uri.parse_input, s3_uri.build_s3_addresses),",
    "    }[name]",
    "    try:",
    "        parsed = parse(data)",
    "    except bucket_names.InputError as exc:",
    "        return json.dumps({'errors': [e.to_dict() for e in exc.errors]})",
    "    return json.dumps(compute(parsed).to_dict())",
  ].join("\n");

  function text(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    });
  }

  function load() {
    if (ready) return ready;
    ready = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = pyodideUrl + "pyodide.js";
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Pyodide did not load")); };
      document.head.appendChild(script);
    }).then(function () {
      return window.loadPyodide({ indexURL: pyodideUrl });
    }).then(function (pyodide) {
      var files = ["__init__.py", "common.py", "bucket_names.py", "s3_uri.py"];
      return Promise.all(files.map(function (f) { return text(root + "static/export/py/" + f); }))
        .then(function (sources) {
          pyodide.FS.mkdirTree("/home/pyodide/widgets_logic");
          files.forEach(function (f, i) {
            pyodide.FS.writeFile("/home/pyodide/widgets_logic/" + f, sources[i]);
          });
          pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\n" + RUNNER);
          return pyodide.globals.get("run");
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

  var latest = new WeakMap();
  window.studyLive = {
    run: function (form) {
      var name = form.getAttribute("data-widget");
      var section = form.closest("section") || form.parentNode;
      var target = section.querySelector(".widget-result");
      if (!target) return;
      var data = values(form), ticket = {};
      latest.set(form, ticket);
      if (!window.loadPyodide) {
        target.innerHTML = '<p class="hint export-live-loading" role="status">Loading Python ' +
          "in your browser (once, about 14 MB)…</p>";
      }
      load().then(function (run) {
        if (latest.get(form) !== ticket) return;
        var result = JSON.parse(run(name, JSON.stringify(data)));
        target.innerHTML = result.errors || name === "bucket-name" ? render(result)
          : name === "s3-uri" ? renderAddresses(result) : renderKey(result);
      }).catch(function (error) {
        target.innerHTML = '<p class="verdict verdict-bad">The live widget could not start: ' +
          escapeHtml(error.message) + "</p>";
      });
    },
  };
})();
