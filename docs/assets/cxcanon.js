/* CX Canon: the home page's search box hands what is typed to Material's search. Self-hosted, no requests. */
(function () {
  "use strict";
  function openSearch(text) {
    var toggle = document.getElementById("__search");
    if (!toggle) return;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    var input = document.querySelector("[data-md-component=search-query]");
    if (!input) return;
    input.focus();
    if (text) {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  function wire() {
    document.querySelectorAll("[data-cxcanon-search]").forEach(function (box) {
      if (box.dataset.cxcanonWired) return;
      box.dataset.cxcanonWired = "1";
      box.addEventListener("input", function () {
        var text = box.value;
        box.value = "";
        openSearch(text);
      });
      box.addEventListener("focus", function () { if (!box.value) return; openSearch(box.value); });
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();

/* CX Canon: the search's "best bet". When the whole query is a name of a method (any alias,
   abbreviation, German or branded name), that method's page is shown as the first result.
   lunr ranks by word statistics, so without this an exact alias could lose to a longer word
   on another page. The name index is a file of this site; nothing is fetched from elsewhere. */
(function () {
  "use strict";
  var names = null;
  var loading = null;

  function base() {
    var config = document.getElementById("__config");
    var root = ".";
    try { root = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(root.replace(/\/?$/, "/"), location.href);
  }

  function load() {
    if (!loading) {
      loading = fetch(new URL("assets/cxcanon-names.json", base()))
        .then(function (response) { return response.ok ? response.json() : { names: {} }; })
        .then(function (data) { names = data.names || {}; refresh(); })
        .catch(function () { names = {}; });
    }
    return loading;
  }

  // The same normalisation as cxcanon.terms.normalize: NFKC, case-folded, hyphens and runs of
  // whitespace as one space.
  function normalize(term) {
    return term.normalize("NFKC").toLowerCase().replace(/\u00df/g, "ss")
      .replace(/[\u002d\u2010-\u2014\u2212\s_]+/g, " ").trim();
  }

  var KIND = {
    "name": "", "name-de": "German name", "abbreviation": "abbreviation",
    "synonym": "another name", "translation": "translation", "branded": "branded name",
    "misnomer": "common misnomer", "former": "former name", "ambiguous": "names several methods"
  };

  function bestBetItem(query, hit) {
    var item = document.createElement("li");
    item.className = "md-search-result__item cxc-best-bet";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(hit[0], base()).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = hit[1];
    var note = document.createElement("p");
    note.textContent = hit[2] === "name" ? "Canonical entry" :
      hit[2] === "ambiguous" ? "\u201c" + query + "\u201d names several methods: see which" :
      "\u201c" + query + "\u201d is a " + (KIND[hit[2]] || "name") + " for " + hit[1];
    article.appendChild(title);
    article.appendChild(note);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function refresh() {
    var input = document.querySelector("[data-md-component=search-query]");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list || names === null) return;
    var query = input.value.trim();
    var hit = query ? names[normalize(query)] : null;
    var first = list.firstElementChild;
    var current = first && first.classList.contains("cxc-best-bet") ? first : null;
    if (!hit) {
      if (current) current.remove();
      return;
    }
    var href = new URL(hit[0], base()).href;
    if (current && current.dataset.query === query && current.querySelector("a").href === href) return;
    if (current) current.remove();
    list.querySelectorAll(".cxc-best-bet").forEach(function (old) { old.remove(); });
    var item = bestBetItem(query, hit);
    item.dataset.query = query;
    list.insertBefore(item, list.firstChild);
  }

  function wire() {
    var input = document.querySelector("[data-md-component=search-query]");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list || input.dataset.cxcanonBestBet) return;
    input.dataset.cxcanonBestBet = "1";
    load();
    input.addEventListener("input", refresh);
    input.addEventListener("keyup", refresh);
    new MutationObserver(refresh).observe(list, { childList: true });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();
