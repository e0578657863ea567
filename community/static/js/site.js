/* Every public page: the header menu folds behind a "Menu" button on narrow screens.
   Without JavaScript the menu simply stays open (the button is only shown once this runs). */
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  var button = header && header.querySelector("[data-menu-toggle]");
  if (!button) return;
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  header.classList.add("has-menu-toggle");
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();
