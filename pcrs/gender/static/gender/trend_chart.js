// Women's share per category over time (Chart.js, vendored), each with its target as a
// dashed line. Data comes from a json_script node; no inline script (Content-Security-Policy).
(function () {
  "use strict";
  const canvas = document.getElementById("gender-trend-chart");
  const node = document.getElementById("gender-trend-data");
  if (!canvas || !node || typeof Chart === "undefined") return;
  const data = JSON.parse(node.textContent);
  const t = canvas.dataset; // the page's words, in its language (data-* attributes)
  if (!data.months.length) return;
  const styles = {
    contingents: { color: "#1d4ed8", point: "circle" },
    observers_staff: { color: "#7c3aed", point: "crossRot" },
    fpu: { color: "#047857", point: "rect" },
    ipo: { color: "#b45309", point: "triangle" },
  };
  const datasets = [];
  Object.entries(data.series).forEach(([key, s]) => {
    const style = styles[key] || { color: "#444", point: "circle" };
    datasets.push({
      label: data.labels[key] + " " + (t.shareSuffix || "(women %)"), data: s.share, borderColor: style.color,
      pointStyle: style.point, pointRadius: 2, borderWidth: 2, spanGaps: true,
    });
    datasets.push({
      label: data.labels[key] + " " + (t.targetSuffix || "target"), data: s.target, borderColor: style.color,
      borderDash: [6, 4], pointRadius: 0, borderWidth: 1, stepped: true, spanGaps: true,
    });
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.months.map(m => m.slice(0, 7)), datasets },
    options: {
      responsive: true, interaction: { mode: "index", intersect: false },
      plugins: { legend: { labels: { usePointStyle: true } } },
      scales: { y: { beginAtZero: true, title: { display: true, text: t.axis || "Women %" } } },
    },
  });
})();
