// Apply the remembered theme before the page paints (loaded in <head>, not deferred).
// No stored choice: the CSS follows the operating system's preference.
(function () {
  try {
    var theme = localStorage.getItem("theme");
    if (theme === "light" || theme === "dark") {
      document.documentElement.setAttribute("data-theme", theme);
    }
  } catch (e) { /* storage blocked: follow the OS */ }
})();
