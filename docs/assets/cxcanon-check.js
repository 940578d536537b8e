/* CX Canon name checker: marks every method a pasted text names, in the reader's browser.
   The rules are the Python matcher's (plugins/cxcanon/linking/matcher.py); the build publishes its
   table of searchable forms (assets/cxcanon-check.json), so this script only walks a text through it.
   Nothing is sent anywhere: the text never leaves the page. No framework, no build step. */
(function () {
  "use strict";

  // The separators of cxcanon.catalog.terms.normalize: hyphens, dashes, whitespace, underscore.
  var SEPARATORS = /[\u002d\u2010\u2011\u2012\u2013\u2014\u2212_ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x1c-\x1f\x85]/;
  var NOT_WORD = /[^\p{L}\p{N}\p{M} ]/gu;

  function caseFold(ch) {
    if (ch === "\u00df" || ch === "\u1e9e") return "ss";
    return ch.toLowerCase();
  }

  // The text case-folded with separators as single spaces, and each folded position's offset in the text.
  function fold(text) {
    var out = [];
    var origin = [];
    var lastSpace = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      var code = ch.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        ch = text.slice(i, i + 2);
      }
      if (SEPARATORS.test(ch)) {
        if (!lastSpace) { out.push(" "); origin.push(i); }
        lastSpace = true;
      } else {
        var folded = caseFold(ch);
        for (var k = 0; k < folded.length; k++) { out.push(folded[k]); origin.push(i); }
        lastSpace = false;
      }
      if (ch.length === 2) i++;
    }
    return { text: out.join(""), origin: origin };
  }

  function mask(folded) {
    return folded.replace(NOT_WORD, function (found) { return " ".repeat(found.length); });
  }

  function isLower(rest) {
    return rest.toLowerCase() === rest && rest.toUpperCase() !== rest;
  }

  function sameCase(written, stem) {
    var squashed = written.replace(new RegExp(SEPARATORS.source + "+", "g"), " ");
    var rest = squashed.slice(stem.length);
    return squashed.indexOf(stem) === 0 && (!rest || isLower(rest));
  }

  function Matcher(table) {
    this.table = table;
  }

  // Every mention in text: [{start, end, text, kind, ids}], left to right, longest first, none overlapping.
  Matcher.prototype.find = function (text) {
    var table = this.table;
    if (!text) return [];
    var folded = fold(text);
    var f = folded.text;
    var m = mask(f);
    var size = m.length;
    var hits = [];
    function add(start, stop) {
      var span = m.slice(start, stop);
      var forms = table.forms[span];
      if (!forms) return;
      var written = f.slice(start, stop);
      for (var j = 0; j < forms.length; j++) {
        if (written === (forms[j][0] || span)) hits.push([start, stop - start, forms[j]]);
      }
    }
    for (var end = 1; end <= size; end++) {
      if (m[end - 1] === " " || (end < size && m[end] !== " ")) continue;  // not the end of a word
      var stops = [end];
      while (stops.length <= table.trail && stops[stops.length - 1] < size && m[stops[stops.length - 1]] === " ") {
        stops.push(stops[stops.length - 1] + 1);
      }
      var start = end - 1;
      while (start > 0 && m[start - 1] !== " ") start--;
      while (end - start <= table.longest) {
        for (var s = 0; s < stops.length; s++) {
          add(start, stops[s]);
          var ahead = start;
          while (start - ahead < table.lead && ahead > 0 && m[ahead - 1] === " ") {
            ahead--;
            add(ahead, stops[s]);
          }
        }
        var gap = start - 1;
        while (gap >= 0 && m[gap] === " ") gap--;
        if (gap < 0) break;
        start = m.lastIndexOf(" ", gap) + 1;
      }
    }
    for (var w = 0; w < table.wordless.length; w++) {
      var key = table.wordless[w][0];
      for (var at = f.indexOf(key); at >= 0; at = f.indexOf(key, at + 1)) hits.push([at, key.length, table.wordless[w]]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var found = [];
    var reached = -1;
    for (var h = 0; h < hits.length; h++) {
      var hit = hits[h];
      if (hit[0] < reached) continue;
      var stop = hit[0] + hit[1];
      var begin = folded.origin[hit[0]];
      var last = folded.origin[stop - 1];
      var after = last + ((text.charCodeAt(last) >= 0xd800 && text.charCodeAt(last) <= 0xdbff) ? 2 : 1);
      var written = text.slice(begin, after);
      var accepted = hit[2].slice(1).filter(function (c) { return typeof c === "number" || sameCase(written, c[1]); });
      if (!accepted.length) continue;
      var entries = accepted.map(function (c) { return table.entries[typeof c === "number" ? c : c[0]]; });
      var kind = entries.length > 1 ? "ambiguous" : entries.every(function (e) { return e[2]; }) ? "canonical" : entries[0][1];
      var ids = entries.map(function (e) { return e[0]; }).sort();
      found.push({ start: begin, end: after, text: written, kind: kind, ids: ids });
      reached = stop;
    }
    return found;
  };

  var REPLACED = { branded: true, misnomer: true, former: true };

  // The text with every branded, misnomer and former name replaced by the canonical name.
  Matcher.prototype.canonical = function (text, withOrigin) {
    var methods = this.table.methods;
    var parts = [];
    var position = 0;
    this.find(text).forEach(function (mention) {
      if (!REPLACED[mention.kind]) return;
      var method = methods[mention.ids[0]];
      parts.push(text.slice(position, mention.start), method[1] + (withOrigin && method[2] ? " (" + method[2] + ")" : ""));
      position = mention.end;
    });
    parts.push(text.slice(position));
    return parts.join("");
  };

  var WORDS = {
    en: {
      kinds: {
        canonical: "canonical name", synonym: "synonym", abbreviation: "abbreviation", translation: "translation",
        branded: "branded name", misnomer: "misnomer", former: "former name", ambiguous: "ambiguous"
      },
      none: "No method named in this text.",
      count: function (n, flagged) {
        return n + (n === 1 ? " method" : " methods") + " named" + (flagged ? "; " + flagged + " name" + (flagged === 1 ? "" : "s") + " to replace" : "") + ".";
      },
      quote: function (t) { return "\u201c" + t + "\u201d"; },
      named: "named as", candidates: "Names several methods:", copied: "Canonical version copied.", loading: "Loading the catalog\u2026",
      origin: "origin unknown"
    },
    de: {
      kinds: {
        canonical: "kanonischer Name", synonym: "Synonym", abbreviation: "Abk\u00fcrzung", translation: "\u00dcbersetzung",
        branded: "Markenname", misnomer: "Fehlbezeichnung", former: "fr\u00fcherer Name", ambiguous: "mehrdeutig"
      },
      none: "Dieser Text nennt keine Methode.",
      count: function (n, flagged) {
        return n + (n === 1 ? " Methode" : " Methoden") + " genannt" + (flagged ? "; " + flagged + (flagged === 1 ? " Name" : " Namen") + " zu ersetzen" : "") + ".";
      },
      quote: function (t) { return "\u201e" + t + "\u201c"; },
      named: "genannt als", candidates: "Bezeichnet mehrere Methoden:", copied: "Kanonische Fassung kopiert.", loading: "Katalog wird geladen \u2026",
      origin: "Herkunft unbekannt"
    }
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function base() {
    var config = document.getElementById("__config");
    var root = ".";
    try { root = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(root.replace(/\/?$/, "/"), location.href);
  }

  var ready = null;
  function load() {
    if (!ready) {
      ready = fetch(new URL("assets/cxcanon-check.json", base()))
        .then(function (response) { return response.json(); })
        .then(function (table) { return new Matcher(table); });
    }
    return ready;
  }

  function render(root, matcher) {
    var words = WORDS[document.documentElement.lang] || WORDS.en;
    var input = root.querySelector("[data-cxcanon-input]");
    var marked = root.querySelector("[data-cxcanon-marked]");
    var list = root.querySelector("[data-cxcanon-findings]");
    var status = root.querySelector("[data-cxcanon-status]");
    var output = root.querySelector("[data-cxcanon-canonical]");
    var withOrigin = root.querySelector("[data-cxcanon-with-origin]");
    var table = matcher.table;
    var text = input.value;
    var mentions = matcher.find(text);
    // the text with each mention marked
    marked.textContent = "";
    var position = 0;
    mentions.forEach(function (mention) {
      marked.appendChild(document.createTextNode(text.slice(position, mention.start)));
      var mark = el("mark", { "class": "cxc-mark cxc-mark--" + mention.kind, title: words.kinds[mention.kind] }, mention.text);
      marked.appendChild(mark);
      position = mention.end;
    });
    marked.appendChild(document.createTextNode(text.slice(position)));
    // the findings, one item per method (or per ambiguous term)
    list.textContent = "";
    var groups = {};
    var order = [];
    mentions.forEach(function (mention) {
      var key = mention.kind === "ambiguous" ? "?" + mention.ids.join("|") : mention.ids[0];
      if (!groups[key]) { groups[key] = { mention: mention, names: {} }; order.push(key); }
      groups[key].names[mention.text + "\u0000" + mention.kind] = mention;
    });
    var flagged = 0;
    order.forEach(function (key) {
      var group = groups[key];
      var item = el("li", { "class": "cxc-finding cxc-finding--" + group.mention.kind });
      if (group.mention.kind === "ambiguous") {
        item.appendChild(el("strong", {}, group.mention.text));
        item.appendChild(el("span", { "class": "cxc-finding-kind" }, " \u2014 " + words.kinds.ambiguous));
        var choices = el("ul");
        var ids = group.mention.ids;
        ids.forEach(function (id) {
          var method = table.methods[id];
          var choice = el("li");
          choice.appendChild(el("a", { href: new URL(method[3], base()).href }, method[0]));
          choice.appendChild(document.createTextNode(" (" + (method[2] || words.origin) + ")"));
          choices.appendChild(choice);
        });
        for (var i = 0; i < ids.length; i++) {
          for (var j = i + 1; j < ids.length; j++) {
            var note = table.differences[ids[i] + "|" + ids[j]];
            if (note) choices.appendChild(el("li", { "class": "cxc-finding-difference" }, note));
          }
        }
        item.appendChild(el("p", {}, words.candidates));
        item.appendChild(choices);
      } else {
        var method = table.methods[group.mention.ids[0]];
        item.appendChild(el("a", { href: new URL(method[3], base()).href }, method[0]));
        item.appendChild(document.createTextNode(" (" + (method[2] || words.origin) + ")"));
        var names = el("span", { "class": "cxc-finding-names" });
        Object.keys(group.names).forEach(function (k, index) {
          var mention = group.names[k];
          if (REPLACED[mention.kind]) flagged++;
          names.appendChild(document.createTextNode((index ? ", " : " \u2014 " + words.named + " ") + words.quote(mention.text) + " "));
          names.appendChild(el("span", { "class": "cxc-kind-label cxc-kind-label--" + mention.kind }, words.kinds[mention.kind]));
        });
        item.appendChild(names);
      }
      list.appendChild(item);
    });
    var methodCount = order.filter(function (key) { return key[0] !== "?"; }).length;
    status.textContent = text.trim() ? (mentions.length ? words.count(methodCount, flagged) : words.none) : "";
    output.value = matcher.canonical(text, withOrigin.checked);
  }

  function wire() {
    document.querySelectorAll("[data-cxcanon-checker]").forEach(function (root) {
      if (root.dataset.cxcanonWired) return;
      root.dataset.cxcanonWired = "1";
      var words = WORDS[document.documentElement.lang] || WORDS.en;
      var status = root.querySelector("[data-cxcanon-status]");
      status.textContent = words.loading;
      load().then(function (matcher) {
        status.textContent = "";
        var timer = null;
        function update() { clearTimeout(timer); timer = setTimeout(function () { render(root, matcher); }, 120); }
        root.querySelector("[data-cxcanon-input]").addEventListener("input", update);
        root.querySelector("[data-cxcanon-with-origin]").addEventListener("change", function () { render(root, matcher); });
        root.querySelector("[data-cxcanon-copy]").addEventListener("click", function () {
          var output = root.querySelector("[data-cxcanon-canonical]");
          render(root, matcher);
          output.select();
          var done = function () { status.textContent = words.copied; };
          if (navigator.clipboard) navigator.clipboard.writeText(output.value).then(done, done); else done();
        });
        render(root, matcher);
      });
    });
  }

  // For tests and the benchmark (scripts/bench_checker.py): the matcher, and one synchronous check of a page's text.
  window.CXCanonChecker = {
    load: load,
    Matcher: Matcher,
    check: function (root) { return load().then(function (matcher) { render(root, matcher); }); }
  };
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();
