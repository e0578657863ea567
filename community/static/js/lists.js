/* Members' lists, progressive enhancement (the forms work without it):
   - the star posts in the background and flips its state instead of reloading the page;
   - "save this search" takes the search shown now (the catalogue updates its URL in place). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-save-search]")) {
      var field = form.querySelector("input[name=querystring]");
      if (field) field.value = window.location.search.replace(/^\?/, "");
      return;
    }
    if (!form.matches("[data-star]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        button.setAttribute("aria-pressed", data.starred ? "true" : "false");
        button.classList.toggle("is-starred", data.starred);
        button.querySelector("[aria-hidden]").textContent = data.starred ? "★" : "☆";
        button.querySelector("[data-star-label]").textContent = data.starred
          ? button.dataset.labelOn
          : button.dataset.labelOff;
      })
      .catch(function () {
        form.submit(); // let the server answer (and say what went wrong)
      });
  });
})();
