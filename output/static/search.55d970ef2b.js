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
  // A text's words, for whole-word matches: "norm e" must find norm (e), not every page
  // with an "e" in it. UN symbols split too: A/RES/70/237 is "a res 70 237" either way.
  function words(s) {
    return s.split(/[^a-z0-9]+/).filter(Boolean);
  }
  function wordSet(s) {
    var set = Object.create(null);
    words(s).forEach(function (w) { set[w] = true; });
    return set;
  }
  var folded = index.map(function (e) {
    var t = fold(e.t), l = fold(e.l || ""), s = fold(e.s || ""), x = fold(e.x || "");
    return {
      t: t, l: l, s: s, x: x,
      lw: wordSet(l), tw: wordSet(t), kw: wordSet(fold(e.k || "")), sw: wordSet(s), xw: wordSet(x)
    };
  });

  // Whole words count most: in the label (what readers call the page: "norm (e)", "PoA")
  // above the title above the summary above the text; words of three letters or more also
  // match inside words, for a query still being typed or a singular ("CBM" in "CBMs").
  // Every query word must match.
  function score(i, query) {
    var f = folded[i], total = 0;
    for (var q = 0; q < query.length; q++) {
      var word = query[q], partial = word.length >= 3, hit = 0;
      if (f.lw[word]) hit += 20; else if (partial && f.l.indexOf(word) >= 0) hit += 10;
      if (f.tw[word]) hit += 12; else if (partial && f.t.indexOf(word) >= 0) hit += 6;
      if (f.kw[word]) hit += 3;
      if (f.sw[word]) hit += 4; else if (partial && f.s.indexOf(word) >= 0) hit += 2;
      if (f.xw[word]) hit += 1; else if (partial && f.x.indexOf(word) >= 0) hit += 0.5;
      if (!hit) return 0;
      total += hit;
    }
    return total;
  }

  // The passage of the text around the word, else the page's summary (a person's
  // description: most people's pages have no text of their own), else the text's start.
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
    var query_words = words(query);
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(i, query_words);
      if (s) hits.push([s, i]);
    }
    // The snippet shows the longest word of the query, the likeliest to be telling.
    var longest = query_words.reduce(function (a, b) { return b.length > a.length ? b : a; }, "");
    // A page ranked last (`r`: one for the site's editors) comes after every other.
    hits.sort(function (a, b) {
      return (index[a[1]].r || 0) - (index[b[1]].r || 0) || b[0] - a[0] || a[1] - b[1];
    });
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
      li.appendChild(kind);
      li.appendChild(a);
      var text = snippet(entry, longest);
      if (text) {
        var p = document.createElement("p");
        p.textContent = text;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", function () { run(); remember(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); remember(); });
  run();
})();
