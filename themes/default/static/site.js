// The script of every page: the dark-mode toggle, which remembers the reader's choice. It
// is loaded without defer, so a stored choice applies before the first paint.
// Everything else works without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { /* storage blocked */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    button.hidden = false;
    function sync() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    sync();
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) { /* storage blocked */ }
      sync();
    });
  });
})();
