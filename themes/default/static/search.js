// Client-side search over window.SEARCH_INDEX (search-index.js, loaded as a script so it
// works from a file opened on disk). Results are built with textContent only: nothing
// from the index is ever inserted as HTML.
(function () {
  "use strict";
  var index = window.SEARCH_INDEX || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var form = document.getElementById("search-form");
  if (!input || !list) return;
  var root = "../";

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var folded = index.map(function (e) {
    return { t: fold(e.t), s: fold(e.s || ""), x: fold(e.x || "") };
  });

  function score(i, words) {
    var total = 0;
    for (var w = 0; w < words.length; w++) {
      var word = words[w], f = folded[i], hit = 0;
      if (f.t.indexOf(word) >= 0) hit += 10;
      if (f.s.indexOf(word) >= 0) hit += 4;
      if (f.x.indexOf(word) >= 0) hit += 1;
      if (!hit) return 0;
      total += hit;
    }
    return total;
  }

  function snippet(entry, word) {
    var text = entry.x || entry.s || "";
    var at = fold(text).indexOf(word);
    if (at < 0) return entry.s || text.slice(0, 160);
    var start = Math.max(0, at - 70);
    return (start > 0 ? "… " : "") + text.slice(start, at + 110).trim() + " …";
  }

  // The query goes into the address, so a search can be shared, and Back returns to it.
  function remember() {
    var q = input.value.trim();
    try {
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : window.location.pathname);
    } catch (e) { /* a file opened on disk may refuse it */ }
  }

  function run() {
    var query = fold(input.value.trim());
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    var words = query.split(/\s+/).filter(Boolean);
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(i, words);
      if (s) hits.push([s, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + input.value.trim() + "”";
    hits.slice(0, 50).forEach(function (hit) {
      var entry = index[hit[1]];
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.k;
      var a = document.createElement("a");
      a.href = root + entry.u;
      a.textContent = entry.t;
      var p = document.createElement("p");
      p.textContent = snippet(entry, words[0]);
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", function () { run(); remember(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); remember(); });
  run();
})();
