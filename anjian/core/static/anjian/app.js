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

  /* Several records (core.forms.SearchSelectMultiple): the plain <select multiple> is hidden
     and stays what the form posts; the chosen options are shown as chips with a remove button,
     and a text box asks the lookup URL for matches in the user's scope. Only options the
     select offers are proposed (unless the select carries the chosen ones only: data-partial).
     Keyboard: arrows move, Enter picks, Backspace in the empty box removes the last chip. */
  function searchMulti(box) {
    var select = box.querySelector(".search-multi-value");
    var url = box.getAttribute("data-lookup");
    var partial = box.hasAttribute("data-partial");
    var timer = null, active = -1, items = [], seq = 0;
    var chips = document.createElement("span");
    chips.className = "search-multi-chips";
    var input = document.createElement("input");
    input.type = "search"; input.className = "search-multi-input"; input.autocomplete = "off";
    input.placeholder = box.dataset.placeholder || "";
    input.setAttribute("role", "combobox"); input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var list = document.createElement("span");
    list.className = "search-select-results"; list.setAttribute("role", "listbox"); list.hidden = true;
    if (select.id) {
      list.id = select.id + "_results"; input.setAttribute("aria-controls", list.id);
      input.id = select.id + "_q";
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (label) { label.htmlFor = input.id; input.setAttribute("aria-label", label.textContent.trim()); }
    }
    if (!input.hasAttribute("aria-label")) input.setAttribute("aria-label", input.placeholder);
    select.required = false; /* hidden: the server says when none is chosen */
    select.hidden = true; select.setAttribute("aria-hidden", "true"); select.tabIndex = -1;
    var ns = box.querySelector("noscript"); if (ns) ns.remove();
    box.appendChild(chips); box.appendChild(input); box.appendChild(list);
    box.classList.add("enhanced");

    function option(id) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === String(id)) return select.options[i];
      }
      return null;
    }
    function drawChips() {
      chips.innerHTML = "";
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.selected) return;
        var chip = document.createElement("span");
        chip.className = "search-multi-chip"; chip.setAttribute("data-value", opt.value);
        chip.appendChild(document.createTextNode(opt.textContent));
        var x = document.createElement("button");
        x.type = "button"; x.className = "search-multi-remove"; x.textContent = "×";
        x.setAttribute("aria-label", (box.dataset.remove || "×") + " " + opt.textContent);
        x.addEventListener("click", function () { unchoose(opt); input.focus(); });
        chip.appendChild(x);
        chips.appendChild(chip);
      });
    }
    function changed() { drawChips(); select.dispatchEvent(new Event("change", {bubbles: true})); }
    function unchoose(opt) { opt.selected = false; if (partial) opt.remove(); changed(); }
    function choose(item) {
      var opt = option(item.id);
      if (!opt) {
        opt = document.createElement("option"); opt.value = item.id; opt.textContent = item.label;
        select.appendChild(opt);
      }
      opt.selected = true;
      input.value = "";
      close(); changed();
    }
    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1; items = [];
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function render(results) {
      list.innerHTML = "";
      items = results.filter(function (item) {
        var opt = option(item.id);
        return partial ? !(opt && opt.selected) : (opt && !opt.selected);
      });
      items.forEach(function (item, i) {
        var opt = option(item.id);
        var b = document.createElement("button");
        b.type = "button"; b.className = "search-select-item"; b.setAttribute("role", "option");
        b.id = (list.id || "sm") + "_" + i; b.tabIndex = -1;
        b.textContent = opt ? opt.textContent : item.label;
        b.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(item); });
        list.appendChild(b);
      });
      if (!items.length) {
        var none = document.createElement("span");
        none.className = "search-select-none"; none.textContent = box.dataset.none || "—";
        list.appendChild(none);
      }
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    function query() {
      var q = input.value.trim();
      if (q.length < 1) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (data) { if (mine === seq) render(data.results || []); })
        .catch(function () { /* offline: nothing to propose */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(query, 200); });
    input.addEventListener("keydown", function (ev) {
      var buttons = list.querySelectorAll(".search-select-item");
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!buttons.length) return;
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length;
        buttons.forEach(function (b, i) { b.classList.toggle("active", i === active); });
        input.setAttribute("aria-activedescendant", buttons[active].id);
      } else if (ev.key === "Enter") {
        if (!list.hidden) ev.preventDefault(); /* never submit the form from the search box */
        if (active < 0 && items.length === 1) active = 0;
        if (active >= 0 && items[active]) choose(items[active]);
      } else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Backspace" && !input.value) {
        var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
        if (chosen.length) { ev.preventDefault(); unchoose(chosen[chosen.length - 1]); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    drawChips();
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
    document.querySelectorAll(".search-multi").forEach(searchMulti);
    confirmations();
    printers();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
