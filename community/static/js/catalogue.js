/* Catalogue: progressive enhancement of a page that works without JavaScript.
   - type-ahead suggestions under the search box (JSON endpoint, keyboard accessible);
   - facet, sort and page links and the search form update the results without reloading,
     keeping the URL shareable (history.pushState) and announcing the new count. */
(function () {
  "use strict";
  var root = document.querySelector("[data-catalogue]");
  if (!root) return;
  var results = root.querySelector("[data-catalogue-results]");
  var form = root.querySelector("[data-catalogue-form]");
  var input = form && form.querySelector("[data-typeahead]");
  var list = document.getElementById("q-suggestions");
  var controller = null;
  /* the filters' drawer: closed on narrow screens, then as the visitor leaves it */
  var narrow = window.matchMedia("(max-width: 50rem)");
  var drawerOpen = !narrow.matches;
  function applyDrawer() {
    var drawer = results.querySelector("[data-filters-drawer]");
    if (drawer) drawer.open = drawerOpen;
  }
  applyDrawer();
  results.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("[data-filters-drawer]")) drawerOpen = event.target.open;
  }, true);

  function partialUrl(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.set("partial", "results");
    return u.toString();
  }

  function load(url, push) {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    return fetch(partialUrl(url), { signal: controller.signal })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        results.innerHTML = html;
        applyDrawer();
        results.removeAttribute("aria-busy");
        syncHidden(new URL(url, window.location.href));
        if (push) history.pushState({ catalogue: true }, "", url);
      })
      .catch(function (e) {
        if (e.name !== "AbortError") window.location.href = url;  // fall back to a full load
      });
  }

  function syncHidden(u) {
    form.querySelectorAll("input[type=hidden]").forEach(function (el) { el.remove(); });
    u.searchParams.forEach(function (value, key) {
      if (key === "q" || key === "page" || key === "partial") return;
      var el = document.createElement("input");
      el.type = "hidden"; el.name = key; el.value = value;
      form.appendChild(el);
    });
    if (input) input.value = u.searchParams.get("q") || "";
  }

  results.addEventListener("click", function (event) {
    var a = event.target.closest("a");
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var u = new URL(a.href, window.location.href);
    if (u.pathname !== window.location.pathname) return;  // map, exports, projects: normal links
    event.preventDefault();
    var facet = a.closest("[data-facet]");
    load(u.toString(), true).then(function () {
      var target = facet && results.querySelector('[data-facet="' + facet.dataset.facet + '"] a[data-value="' + a.dataset.value + '"]');
      (target || results.querySelector(".result-count")).focus({ preventScroll: !!target });
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    hide();
    var u = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    u.search = new URLSearchParams(new FormData(form)).toString();
    load(u.toString(), true);
  });

  window.addEventListener("popstate", function () { load(window.location.href, false); });

  /* type-ahead */
  if (!input || !list) return;
  var timer = null, active = -1, items = [];
  function hide() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function render(data) {
    list.innerHTML = ""; items = [];
    var groups = [].concat(
      data.projects.map(function (p) { return { label: p.label, href: p.url }; }),
      data.themes.map(function (t) { return { label: t.label, param: ["theme", t.code] }; }),
      data.places.map(function (p) { return { label: p.label, param: [p.kind, p.code] }; })
    );
    groups.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i; li.setAttribute("role", "option");
      li.textContent = item.label;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
      list.appendChild(li); items.push(item);
    });
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }
  function choose(item) {
    hide();
    if (item.href) { window.location.href = item.href; return; }
    var u = new URL(window.location.href);
    u.searchParams.delete("page"); u.searchParams.delete("partial");
    u.searchParams.append(item.param[0], item.param[1]);
    u.searchParams.delete("q");
    load(u.toString(), true);
  }
  function move(step) {
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    list.querySelectorAll("li").forEach(function (li, i) {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", "q-suggestion-" + active);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (value.length < 2) { hide(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.typeahead + "?q=" + encodeURIComponent(value))
        .then(function (r) { return r.json(); }).then(render).catch(hide);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Escape") { hide(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
  });
  input.addEventListener("blur", function () { setTimeout(hide, 100); });
})();
