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

  // How a whole-query name relates to the page it leads to, in the page's language.
  var WORDS = {
    en: {
      canonical: "Canonical entry",
      ambiguous: function (q) { return "\u201c" + q + "\u201d names several methods: choose one"; },
      relation: function (q, kind, name) { return "\u201c" + q + "\u201d is " + kind + " " + name; },
      kinds: {
        "name-de": "the German name of", "abbreviation": "an abbreviation of", "synonym": "another name for",
        "translation": "a translation of", "branded": "a branded name for", "misnomer": "a common but wrong name for",
        "former": "a former name of"
      },
      fallback: "a name of"
    },
    de: {
      canonical: "Kanonischer Eintrag",
      ambiguous: function (q) { return "\u201e" + q + "\u201c bezeichnet mehrere Methoden: bitte w\u00e4hlen"; },
      relation: function (q, kind, name) { return "\u201e" + q + "\u201c ist " + kind + " " + name; },
      kinds: {
        "name-de": "der deutsche Name von", "abbreviation": "eine Abk\u00fcrzung von", "synonym": "ein anderer Name f\u00fcr",
        "translation": "eine \u00dcbersetzung von", "branded": "ein Markenname f\u00fcr",
        "misnomer": "eine verbreitete, aber falsche Bezeichnung f\u00fcr", "former": "ein fr\u00fcherer Name von"
      },
      fallback: "ein Name von"
    }
  };

  function bestBetItem(query, hit) {
    var words = WORDS[document.documentElement.lang] || WORDS.en;
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
    note.textContent = hit[2] === "name" ? words.canonical :
      hit[2] === "ambiguous" ? words.ambiguous(query) :
      words.relation(query, words.kinds[hit[2]] || words.fallback, hit[1]);
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
    if (current && current.dataset.query === query && current.querySelector("a").href === href) {
      hideDuplicate(list, href);
      return;
    }
    if (current) current.remove();
    list.querySelectorAll(".cxc-best-bet").forEach(function (old) { old.remove(); });
    var item = bestBetItem(query, hit);
    item.dataset.query = query;
    list.insertBefore(item, list.firstChild);
    hideDuplicate(list, href);
  }

  // The ordinary result for the best bet's own page would repeat it just below: hide it.
  function hideDuplicate(list, href) {
    var page = href.split("#")[0];
    list.querySelectorAll(".md-search-result__item:not(.cxc-best-bet)").forEach(function (item) {
      var link = item.querySelector("a.md-search-result__link");
      if (link && link.href.split("#")[0] === page && !item.hidden) item.hidden = true;
    });
  }

  var PHRASES = {
    en: {
      lead: "Redirected from", "name-de": "the German name of this method", abbreviation: "an abbreviation of this method",
      synonym: "another name for this method", branded: "a branded name for this method",
      misnomer: "a common but wrong name for this method", former: "a former name of this method",
      "translation-de": "a German name for this method", "translation-en": "an English name for this method",
      translation: "a translation of this method's name", fallback: "another name for this method"
    },
    de: {
      lead: "Weitergeleitet von", "name-de": "der deutsche Name dieser Methode", abbreviation: "eine Abk\u00fcrzung dieser Methode",
      synonym: "ein anderer Name dieser Methode", branded: "ein Markenname f\u00fcr diese Methode",
      misnomer: "eine verbreitete, aber falsche Bezeichnung dieser Methode", former: "ein fr\u00fcherer Name dieser Methode",
      "translation-de": "ein deutscher Name dieser Methode", "translation-en": "ein englischer Name dieser Methode",
      translation: "eine \u00dcbersetzung des Namens", fallback: "ein anderer Name dieser Methode"
    }
  };
  // "Redirected from": a reader who came through /terms/<name>/ learns which name led here, as on
  // Wikipedia. The redirect page passes the name as ?from=; without JavaScript it still redirects.
  function showRedirect() {
    var from = new URLSearchParams(location.search).get("from");
    var heading = document.querySelector(".md-content h1");
    if (!from || !heading || document.querySelector(".cxc-redirected")) return;
    load().then(function () {
      var hit = (names || {})[normalize(from)];
      if (!hit || new URL(hit[0], base()).pathname !== location.pathname) return;
      var words = PHRASES[document.documentElement.lang] || PHRASES.en;
      var kind = hit[2] === "translation" && hit[3] ? "translation-" + hit[3] : hit[2];
      var note = document.createElement("p");
      note.className = "cxc-redirected";
      var name = document.createElement("em");
      name.textContent = from;
      note.append("(" + words.lead + " ", name, " \u2014 " + (words[kind] || words.fallback) + ")");
      heading.insertAdjacentElement("afterend", note);
    });
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
    window.document$.subscribe(showRedirect);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
    document.addEventListener("DOMContentLoaded", showRedirect);
  }
})();

/* The A–Z page: show the names of one language only (each row carries data-lang). */
(function () {
  "use strict";
  function wire() {
    document.querySelectorAll("[data-cxcanon-az-filter]").forEach(function (box) {
      if (box.dataset.cxcanonWired) return;
      box.dataset.cxcanonWired = "1";
      box.addEventListener("change", function (event) {
        var lang = event.target.value;
        document.querySelectorAll(".cxc-az li[data-lang]").forEach(function (row) {
          row.hidden = lang !== "all" && row.dataset.lang !== lang;
        });
      });
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();

/* The definition of an auto-linked mention, reachable by keyboard focus and on touch screens
   (a title attribute only shows on hover): focus shows it below the link; on a touch screen a
   small button after the link opens it, so tapping the link itself still follows it. */
(function () {
  "use strict";
  var counter = 0;
  var LABEL = { en: "Definition", de: "Definition" };
  function popoverFor(link) {
    if (link.cxcPopover) return link.cxcPopover;
    var pop = document.createElement("span");
    pop.className = "cxc-popover";
    pop.id = "cxc-popover-" + (++counter);
    pop.setAttribute("role", "tooltip");
    pop.textContent = link.dataset.definition;
    pop.hidden = true;
    link.insertAdjacentElement("afterend", pop);
    link.cxcPopover = pop;
    return pop;
  }
  function wire() {
    var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;
    document.querySelectorAll("a.cxcanon-mention[title]").forEach(function (link) {
      if (link.dataset.cxcanonTip) return;
      link.dataset.cxcanonTip = "1";
      link.dataset.definition = link.getAttribute("title");
      link.addEventListener("focus", function () { popoverFor(link).hidden = false; });
      link.addEventListener("blur", function () { if (link.cxcPopover) link.cxcPopover.hidden = true; });
      if (!touch) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cxc-def-toggle";
      button.textContent = "i";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", (LABEL[document.documentElement.lang] || LABEL.en) + ": " + link.textContent);
      link.insertAdjacentElement("afterend", button);
      button.addEventListener("click", function () {
        var pop = popoverFor(link);
        button.insertAdjacentElement("afterend", pop);
        pop.hidden = !pop.hidden;
        button.setAttribute("aria-expanded", String(!pop.hidden));
      });
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();

/* Material puts a <nav> with the copy button into every code block; several unnamed navs on one
   page are landmarks that cannot be told apart (axe: landmark-unique): each gets its own name. */
(function () {
  "use strict";
  var LABEL = { en: "Code block", de: "Codeblock" };
  function fix() {
    var label = LABEL[document.documentElement.lang] || LABEL.en;
    document.querySelectorAll("nav.md-code__nav").forEach(function (nav, index) {
      nav.setAttribute("aria-label", label + " " + (index + 1));
    });
  }
  function start() {
    fix();
    new MutationObserver(function (changes) {
      if (changes.some(function (c) { return Array.prototype.some.call(c.addedNodes, function (n) { return n.nodeType === 1; }); })) fix();
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
