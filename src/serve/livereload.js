// Live reload for `cyberrecord serve`: injected before </body> of every page the dev server
// sends, never part of the built site. An external file because the site's
// Content-Security-Policy forbids inline scripts; the overlay is styled through the CSSOM
// (element.style), which that policy allows, and filled with textContent only.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  var SCROLL_KEY = "cyberrecord-livereload-scroll";
  var OVERLAY_ID = "cyberrecord-livereload-errors";

  // Put the reader back where they were before the reload.
  function restoreScroll() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null"); } catch (e) { /* blocked */ }
    if (!saved || saved.path !== location.pathname + location.search) return;
    try { sessionStorage.removeItem(SCROLL_KEY); } catch (e) { /* blocked */ }
    var go = function () { window.scrollTo(saved.x, saved.y); };
    go();
    if (document.readyState !== "complete") window.addEventListener("load", go);
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname + location.search, x: window.scrollX, y: window.scrollY
      }));
    } catch (e) { /* storage blocked: reload anyway */ }
    location.reload();
  }

  // Replace each stylesheet whose URL ends with an old path; the new one is loaded before
  // the old one goes, so the page never shows unstyled.
  function swapStylesheets(swaps) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      swaps.forEach(function (swap) {
        var tail = "/" + swap.old;
        if (url.pathname.slice(-tail.length) !== tail) return;
        var next = link.cloneNode();
        next.href = url.pathname.slice(0, url.pathname.length - swap.old.length) + swap.new +
          "?livereload=" + Date.now();
        next.addEventListener("load", function () { link.remove(); });
        next.addEventListener("error", function () { link.remove(); });
        link.after(next);
      });
    });
  }

  function hideErrors() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showErrors(data) {
    hideErrors();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
    s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "0.75rem 1rem";
    s.background = "#2b0b0b"; s.color = "#ffd7d7"; s.borderTop = "4px solid #e5484d";
    s.font = "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var title = document.createElement("strong");
    var total = data.total || data.errors.length;
    title.textContent = "The build failed with " + total + " error" + (total === 1 ? "" : "s") +
      "; this is the last good version. Fix and save to clear this.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.float = "right";
    close.addEventListener("click", hideErrors);
    var pre = document.createElement("pre");
    pre.style.margin = "0.5rem 0 0"; pre.style.whiteSpace = "pre-wrap"; pre.style.font = "inherit";
    pre.textContent = data.errors.map(function (e) {
      return "error: " + e.file + ":" + e.line + ":" + e.column + ": " + e.message;
    }).join("\n") + (total > data.errors.length ? "\n... and " + (total - data.errors.length) + " more" : "");
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
  }

  function parse(event) {
    try { return JSON.parse(event.data); } catch (e) { return {}; }
  }

  function connect() {
    var source = new EventSource("/__livereload");
    // On every (re)connection: a different version means a build happened while this page
    // was not listening, or the server was restarted.
    source.addEventListener("hello", function (e) {
      var data = parse(e);
      if (version && data.version && data.version !== version) return reload();
      console.debug("[livereload] connected");
    });
    source.addEventListener("reload", reload);
    source.addEventListener("css", function (e) {
      var data = parse(e);
      if (data.version) version = data.version;
      swapStylesheets(data.swaps || []);
    });
    source.addEventListener("error", function (e) {
      // A server-sent "error" event has data; a connection error does not.
      if (e.data) showErrors(parse(e));
    });
    source.addEventListener("ok", hideErrors);
    source.onerror = function () {
      // The browser retries by itself unless the stream was refused; then try again later.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }

  restoreScroll();
  connect();
})();
