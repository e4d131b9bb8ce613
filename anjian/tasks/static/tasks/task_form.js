/* Task form: show only the deadline inputs of the chosen kind (all stay in the form without
   script, so nothing is lost when it does not run). */
(function () {
  "use strict";
  var kind = document.getElementById("id_deadline_kind");
  if (!kind) return;
  var rows = {once: "id_deadline_date", dates: "id_deadline_dates", monthly: "id_deadline_day"};
  function sync() {
    Object.keys(rows).forEach(function (k) {
      var el = document.getElementById(rows[k]);
      var box = el && el.closest(".field");
      if (box && !box.classList.contains("has-error")) box.hidden = kind.value !== k;
    });
  }
  kind.addEventListener("change", sync);
  sync();
})();
