// Home: "continue where you left off" from the last section this browser read (site.js
// remembers it on chapter pages). Home itself is the same for everyone; this line is not.
(function () {
  "use strict";
  var card = document.getElementById("continue-reading");
  var last = null;
  try { last = JSON.parse(localStorage.getItem("last-read") || "null"); } catch (e) { return; }
  if (!card || !last || typeof last.path !== "string" || !/^\/notes\/[a-z0-9-]+\/$/.test(last.path) ||
      !document.querySelector(".chapter-cards a[href='" + last.path + "']")) return;
  var link = card.querySelector("a");
  var anchor = typeof last.anchor === "string" && /^[A-Za-z0-9_-]+$/.test(last.anchor) ? "#" + last.anchor : "";
  link.href = last.path + anchor;
  link.textContent = String(last.heading || last.title).slice(0, 120);
  card.querySelector(".continue-chapter").textContent = String(last.title).slice(0, 120);
  card.hidden = false;
  card.closest("section").hidden = false;
})();
