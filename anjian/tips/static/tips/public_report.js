/* The public tip page (tips:report): enterprise name suggestions and the named-report fields.
   No inline script (CSP): the suggestion URL comes from the field's data-names attribute. */
(function () {
  "use strict";

  /* At most 10 registry names for 2+ typed characters (rate-limited on the server). */
  function suggestions() {
    var box = document.getElementById("id_enterprise_name");
    var list = document.getElementById("enterprise-names");
    var url = box && box.getAttribute("data-names");
    var timer;
    if (!box || !list || !url) return;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (q.length < 2) { list.innerHTML = ""; return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (d) {
            list.innerHTML = "";
            (d.names || []).forEach(function (n) {
              var o = document.createElement("option");
              o.value = n;
              list.appendChild(o);
            });
          })
          .catch(function () { /* suggestions are a convenience: the name is typed anyway */ });
      }, 250);
    });
  }

  /* The reporter's name and phone are shown only for a named report. */
  function identity() {
    var radios = document.querySelectorAll("input[name=identity]");
    function toggle() {
      var named = document.querySelector("input[name=identity][value=named]");
      ["reporter_name", "reporter_phone"].forEach(function (f) {
        var el = document.getElementById("id_" + f);
        if (el) el.closest(".field").style.display = named && named.checked ? "" : "none";
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", toggle); });
    toggle();
  }

  function init() { suggestions(); identity(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
