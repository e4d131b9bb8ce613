/* S3 dashboard charts (Chart.js, vendored). Data comes from the page's #chart-data JSON. */
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var n = data.names;  /* dataset names in the page's language */
  document.querySelectorAll(".st-chart[data-height]").forEach(function (el) {
    el.style.height = el.getAttribute("data-height") + "px";
  });
  var blue = "#0b4f8a", orange = "#d9822b", green = "#1e7b34", red = "#b3261e";
  var opts = { responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { position: "bottom" } } };
  var t = data.trends;
  new Chart(document.getElementById("chart-trends"), {
    data: { labels: t.labels, datasets: [
      { type: "bar", label: n.inspections, data: t.inspections, backgroundColor: blue, yAxisID: "y" },
      { type: "bar", label: n.hazards, data: t.hazards, backgroundColor: orange, yAxisID: "y" },
      { type: "line", label: n.rate, data: t.rate, borderColor: green, backgroundColor: green,
        yAxisID: "rate", spanGaps: true },
      { type: "line", label: n.tips, data: t.tips, borderColor: "#6a3d9a",
        backgroundColor: "#6a3d9a", yAxisID: "y", borderDash: [4, 3] },
      { type: "line", label: n.accidents, data: t.accidents, borderColor: red,
        backgroundColor: red, yAxisID: "y", borderDash: [2, 2] }
    ] },
    options: Object.assign({}, opts, { scales: {
      y: { beginAtZero: true, position: "left", ticks: { precision: 0 } },
      rate: { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false } }
    } })
  });
  var w = data.towns;
  new Chart(document.getElementById("chart-towns"), { type: "bar",
    data: { labels: w.labels, datasets: [
      { label: n.checks, data: w.inspections, backgroundColor: blue },
      { label: n.hazards, data: w.found, backgroundColor: orange },
      { label: n.overdue, data: w.overdue, backgroundColor: red }
    ] },
    options: Object.assign({}, opts, { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } })
  });
  var s = data.sectors;
  new Chart(document.getElementById("chart-sectors"), { type: "bar",
    data: { labels: s.labels, datasets: [
      { label: n.checks, data: s.inspections, backgroundColor: blue },
      { label: n.hazards, data: s.found, backgroundColor: orange }
    ] },
    options: Object.assign({}, opts, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
  });
})();
