/* The print button on a meeting page: hidden in the HTML (nothing to press without JS; the
   browser's own print still works and print.css lays the page out), shown and wired here. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
