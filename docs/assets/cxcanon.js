/* CX Canon: the home page's search button opens Material's search. Self-hosted, no requests. */
(function () {
  "use strict";
  function openSearch() {
    var toggle = document.getElementById("__search");
    if (!toggle) return;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    var input = document.querySelector("[data-md-component=search-query]");
    if (input) input.focus();
  }
  function wire() {
    document.querySelectorAll("[data-cxcanon-search]").forEach(function (button) {
      button.addEventListener("click", openSearch);
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(wire);
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();
