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
