/* Progressive enhancement only: every page works without this file.
   Asks before actions that cannot simply be undone. */
"use strict";
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  if (button && button.classList.contains("danger") &&
      !window.confirm("Er du sikker?")) {
    event.preventDefault();
  }
});
