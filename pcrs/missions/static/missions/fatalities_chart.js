// Fatalities by year (chart.js, vendored): stacked by type of incident for the Secretariat,
// totals otherwise; suppressed years (null) are left as gaps, never drawn as zero.
(function () {
  "use strict";
  const canvas = document.getElementById("fatalities-chart");
  const node = document.getElementById("fatalities-data");
  if (!canvas || !node || typeof Chart === "undefined") return;
  const data = JSON.parse(node.textContent);
  const t = canvas.dataset; // the page's words, in its language (data-* attributes)
  if (!data.years.length) return;
  const colors = ["#1d4ed8", "#b91c1c", "#047857", "#b45309", "#7c3aed", "#475569", "#be185d"];
  const patterns = [[], [6, 3], [2, 2], [10, 4, 2, 4], [1, 3], [8, 8], [4, 1]];
  const entries = Object.entries(data.series);
  const datasets = entries.length
    ? entries.map(([label, values], i) => ({
        label, data: values, stack: "fatalities",
        backgroundColor: colors[i % colors.length] + "cc",
        borderColor: colors[i % colors.length], borderWidth: 1, borderDash: patterns[i % patterns.length],
      }))
    : [{ label: t.totalLabel || "Fatalities (years drawing on fewer than " + data.min_states + " States suppressed)",
         data: data.total, backgroundColor: "#1d4ed8cc", borderColor: "#1d4ed8", borderWidth: 1 }];
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.years.map(String), datasets },
    options: {
      responsive: true, interaction: { mode: "index", intersect: false },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: t.axis || "Fatalities" } } },
    },
  });
})();
