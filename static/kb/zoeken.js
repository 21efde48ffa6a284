/* Kamerbrieven: the search page (zoeken.html) on Pagefind's chunked index (web build).
   Loads only local files: <site>/pagefind/pagefind.js and the fragments it asks for.
   The index is in shards (generator/pagefind.py), each a hashed sample of the pages: the
   primary bundle is one, pagefind/delen.json lists the others, merged (mergeIndex) before
   the first search; Pagefind searches each with the primary's WASM and sorts all hits by
   score.
   The query parameter is "q", as in the header field's form (overrides/partials/
   kb-search.html); "zoek" (older links) still works. Where Material's lunr search is on
   (offline bundle) it opens its own search box for "q" as well. */
(function () {
  "use strict";

  /* "/" focuses the header search field (web build), as Material's shortcut does. */
  var header = document.getElementById("kb-kop-zoek");
  if (header) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
      event.preventDefault();
      header.focus();
      header.select();
    });
  }

  var form = document.getElementById("kb-zoeken");
  if (!form) { return; }
  var input = document.getElementById("kb-zoek-invoer");
  var status = document.getElementById("kb-zoek-status");
  var list = document.getElementById("kb-zoek-resultaten");
  var SHOWN = 20;
  var loading = null;
  var latest = 0;
  var timer = null;

  function say(text) { status.textContent = text; }

  function unavailable(why) {
    say(why + " Gebruik het zoekvak bovenaan de pagina.");
  }

  /* One load per page (a second mergeIndex of a shard would list its hits twice). */
  function load() {
    if (loading === null) { loading = start(); }
    return loading;
  }

  function start() {
    if (location.protocol === "file:") {
      unavailable("Deze zoekpagina werkt alleen als de site via een webserver wordt geopend.");
      return Promise.resolve(false);
    }
    var base = new URL(form.getAttribute("data-kb-pagefind"), location.href);
    var settings = { baseUrl: new URL(".", location.href).pathname, excerptLength: 24 };
    var shards = fetch(new URL("delen.json", base).href).then(function (response) {
      if (!response.ok) { throw new Error("delen.json: " + response.status); }
      return response.json();
    });
    return Promise.all([import(new URL("pagefind.js", base).href), shards]).then(function (got) {
      var pf = got[0];
      return Promise.resolve(pf.options(settings)).then(function () {
        return Promise.all(got[1].indexes.map(function (path) {
          return pf.mergeIndex(new URL(path, base).pathname, settings);
        }));
      }).then(function () { return pf; });
    }).catch(function () {
      unavailable("De zoekindex van deze pagina ontbreekt.");
      return false;
    });
  }

  /* Pagefind's excerpt is escaped text with <mark> around the hits: rebuild it as nodes. */
  function excerpt(html) {
    var p = document.createElement("p");
    var decode = document.createElement("textarea");
    html.split(/(<\/?mark>)/).forEach(function (part, i, parts) {
      if (part === "<mark>" || part === "</mark>") { return; }
      decode.innerHTML = part;
      var text = document.createTextNode(decode.value);
      if (i > 0 && parts[i - 1] === "<mark>") {
        var m = document.createElement("mark");
        m.appendChild(text);
        p.appendChild(m);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  function show(query, results, data) {
    list.textContent = "";
    data.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.url;
      a.textContent = (d.meta && d.meta.title) || d.url;
      li.appendChild(a);
      li.appendChild(excerpt(d.excerpt || ""));
      list.appendChild(li);
    });
    var n = results.length;
    var q = "\u201e" + query + "\u201d";
    if (n === 0) { say("Geen resultaten voor " + q + "."); }
    else if (n <= SHOWN) { say(n + (n === 1 ? " resultaat" : " resultaten") + " voor " + q + "."); }
    else { say(n + " resultaten voor " + q + "; de eerste " + SHOWN + " staan hieronder."); }
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.textContent = ""; say(""); return; }
    say("Zoeken\u2026");
    load().then(function (pf) {
      if (!pf) { return null; }
      return pf.search(query).then(function (search) {
        var top = search.results.slice(0, SHOWN);
        return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket === latest) { show(query, search.results, data); }
        });
      });
    }).catch(function () { say("Zoeken is mislukt."); });
    var url = new URL(location.href);
    url.searchParams.delete("zoek");
    url.searchParams.set("q", query);
    history.replaceState(null, "", url.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  var params = new URL(location.href).searchParams;
  var initial = params.get("q") || params.get("zoek");
  if (initial) { input.value = initial; run(); }
})();
