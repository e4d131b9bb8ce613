/* Keep the engine's range (#range) in step with the chosen violation and 逾期未改正: the page
   answers ?preview=1&code=…&overdue=… with the range fragment. */
(function () {
  "use strict";
  var form = document.querySelector("form.en-form"), range = document.getElementById("range");
  if (!form || !range) return;
  var code = form.querySelector("[name=violation_code]"), overdue = form.querySelector("[name=overdue]");
  function refresh() {
    var url = new URL(window.location.href);
    url.searchParams.set("preview", "1");
    url.searchParams.set("code", code.value);
    url.searchParams.set("overdue", overdue && overdue.checked ? "1" : "0");
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null) { range.outerHTML = html; range = document.getElementById("range"); }
      });
  }
  if (code) code.addEventListener("change", refresh);
  if (overdue) overdue.addEventListener("change", refresh);
})();
