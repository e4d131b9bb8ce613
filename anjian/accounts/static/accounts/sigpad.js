/* Signature pads (templates/accounts/_sigpad.html): draw with a finger
   or the mouse; the PNG goes into the form's hidden `png` field. Loaded from the app's static
   files (no inline script). */
(function () {
  "use strict";

  function pad(box) {
    var canvas = box.querySelector("canvas"), input = box.querySelector("input[name=png]");
    var ctx = canvas.getContext("2d"), drawing = false, drawn = false, last = null;
    function resize() {
      var r = canvas.getBoundingClientRect(), d = window.devicePixelRatio || 1;
      if (!r.width) return;
      canvas.width = Math.round(r.width * d); canvas.height = Math.round(r.height * d);
      ctx.setTransform(d, 0, 0, d, 0, 0); ctx.lineWidth = 2.5; ctx.lineCap = "round";
      ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
      drawn = false; input.value = "";
    }
    function pos(e) {
      var r = canvas.getBoundingClientRect();
      return {x: e.clientX - r.left, y: e.clientY - r.top};
    }
    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault(); canvas.setPointerCapture(e.pointerId); drawing = true; last = pos(e);
      ctx.beginPath(); ctx.arc(last.x, last.y, 1, 0, 7); ctx.fill();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = pos(e);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      last = p; drawn = true;
    });
    function end() {
      if (drawing && drawn) input.value = canvas.toDataURL("image/png");
      drawing = false;
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    box.querySelector(".sigclear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; input.value = "";
    });
    box.closest("form").addEventListener("submit", function (e) {
      if (!input.value) { e.preventDefault(); window.alert(box.getAttribute("data-empty")); }
    });
    resize();
    var details = box.closest("details");
    if (details) details.addEventListener("toggle", resize);
  }

  function init() { document.querySelectorAll(".sigpad").forEach(pad); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
