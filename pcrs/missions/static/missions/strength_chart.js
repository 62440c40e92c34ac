// Strength over time (chart.js, vendored): stacked personnel types plus women's share.
// Each series has its own line style and point shape, so the chart reads without colour.
(function () {
  "use strict";
  const canvas = document.getElementById("strength-chart");
  const node = document.getElementById("strength-data");
  if (!canvas || !node || typeof Chart === "undefined") return;
  const data = JSON.parse(node.textContent);
  const t = canvas.dataset; // the page's words, in its language (data-* attributes)
  if (!data.months.length) return;
  const styles = {
    troops: { color: "#1d4ed8", dash: [], point: "circle" },
    fpu: { color: "#047857", dash: [6, 3], point: "rect" },
    ipo: { color: "#b45309", dash: [2, 2], point: "triangle" },
    experts: { color: "#7c3aed", dash: [10, 4, 2, 4], point: "crossRot" },
    staff: { color: "#0f766e", dash: [4, 4], point: "rectRot" },
    justice: { color: "#475569", dash: [1, 2], point: "cross" },
  };
  const datasets = Object.entries(data.series).map(([key, values]) => ({
    label: data.labels[key], data: values, yAxisID: "y", stack: "personnel", fill: true,
    borderColor: styles[key].color, backgroundColor: styles[key].color + "33",
    borderDash: styles[key].dash, pointStyle: styles[key].point, pointRadius: 2, borderWidth: 2,
  }));
  datasets.push({
    label: t.womenLabel || "Women (% of all, right axis)", data: data.women_share, yAxisID: "share",
    borderColor: "#be185d", borderDash: [1, 3], borderWidth: 2, pointStyle: "star", pointRadius: 3, fill: false,
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.months.map(m => m.slice(0, 7)), datasets },
    options: {
      responsive: true, interaction: { mode: "index", intersect: false },
      plugins: { legend: { labels: { usePointStyle: true } } },
      scales: {
        y: { stacked: true, title: { display: true, text: t.personnelAxis || "Personnel" }, beginAtZero: true },
        share: { position: "right", beginAtZero: true, title: { display: true, text: t.shareAxis || "Women %" }, grid: { drawOnChartArea: false } },
      },
    },
  });
})();
