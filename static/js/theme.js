// Runs before the page paints (loaded in <head>, not deferred):
// - marks the page as scripted ("js" on <html>), so the CSS can fold the menu and the
//   table of contents and hide hints that only hold with JavaScript, with no flash;
// - applies the remembered theme. No stored choice: the CSS follows the OS preference.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("theme");
    if (theme === "light" || theme === "dark") {
      root.setAttribute("data-theme", theme);
    }
  } catch (e) { /* storage blocked: follow the OS */ }
})();
