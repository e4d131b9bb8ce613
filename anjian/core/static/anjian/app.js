/* Anjian's small page behaviours; no framework, no inline script (CSP: script-src 'self'). */
(function () {
  "use strict";

  /* A form sent back with errors: bring its message into view (forms may sit low on a page). */
  function showErrors() {
    var e = document.querySelector("main .errors[role=alert], main .has-error");
    if (e && e.getBoundingClientRect().top > window.innerHeight) e.scrollIntoView({block: "center"});
  }

  /* Search-as-you-type (core.forms.SearchSelect): the text box asks the lookup URL for matches
     in the user's scope; choosing one sets the hidden select to the record's id. */
  function searchSelect(box) {
    var input = box.querySelector(".search-select-input");
    var select = box.querySelector(".search-select-value");
    var list = box.querySelector(".search-select-results");
    var url = box.getAttribute("data-lookup");
    var timer = null, active = -1, items = [], seq = 0;

    function choose(item) {
      select.innerHTML = "";
      var opt = document.createElement("option");
      opt.value = item.id; opt.textContent = item.label; opt.selected = true;
      select.appendChild(opt);
      input.value = item.label;
      close();
      select.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function close() { list.hidden = true; list.innerHTML = ""; active = -1; items = []; }
    function render(results) {
      list.innerHTML = "";
      items = results;
      results.forEach(function (item, i) {
        var li = document.createElement("button");
        li.type = "button"; li.className = "search-select-item"; li.setAttribute("role", "option");
        li.textContent = item.label;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(item); });
        li.dataset.index = i;
        list.appendChild(li);
      });
      if (!results.length) {
        var none = document.createElement("span");
        none.className = "search-select-none"; none.textContent = box.dataset.none || "—";
        list.appendChild(none);
      }
      list.hidden = false;
    }
    function query() {
      var q = input.value.trim();
      if (q.length < 1) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { if (mine === seq) render(data.results || []); })
        .catch(function () { /* offline: the typed text is resolved on the server */ });
    }
    input.addEventListener("input", function () {
      select.innerHTML = ""; /* typed text again: the previous choice no longer holds */
      clearTimeout(timer); timer = setTimeout(query, 200);
    });
    input.addEventListener("keydown", function (ev) {
      var buttons = list.querySelectorAll(".search-select-item");
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!buttons.length) return;
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length;
        buttons.forEach(function (b, i) { b.classList.toggle("active", i === active); });
      } else if (ev.key === "Enter" && active >= 0 && items[active]) {
        ev.preventDefault(); choose(items[active]);
      } else if (ev.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* Elements that ask for confirmation before submitting: data-confirm="text". */
  function confirmations() {
    document.addEventListener("submit", function (ev) {
      var msg = ev.target.getAttribute && ev.target.getAttribute("data-confirm");
      if (msg && !window.confirm(msg)) ev.preventDefault();
    }, true);
  }

  /* Links and buttons that print the page: data-print. */
  function printers() {
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
    });
  }

  /* Every POST form carries a one-time key: a double click or a resent form is done once. */
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); (window.crypto || {getRandomValues: function (x) {
      for (var i = 0; i < x.length; i++) x[i] = Math.floor(Math.random() * 256); return x; }
    }).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function idempotency() {
    document.querySelectorAll("form").forEach(function (form) {
      if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
      if (form.querySelector("input[name=_idem]")) return;
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "_idem"; input.value = newKey();
      form.appendChild(input);
    });
  }

  function init() {
    idempotency();
    showErrors();
    document.querySelectorAll(".search-select").forEach(searchSelect);
    confirmations();
    printers();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
