// The readiness overview charts, drawn from the JSON the page embeds (no inline script: CSP).
(function () {
  const data = JSON.parse(document.getElementById("readiness-chart-data").textContent);
  if (typeof Chart === "undefined") return;
  new Chart(document.getElementById("levels-chart"), {
    type: "bar",
    data: { labels: data.levels, datasets: [{ label: (data.labels || {}).pledges || "Pledges", data: data.pledges, backgroundColor: "#1d4ed8" }] },
    options: { maintainAspectRatio: false, plugins: { legend: { display: true } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  new Chart(document.getElementById("flow-chart"), {
    type: "bar",
    data: { labels: data.months, datasets: [
      { label: (data.labels || {}).up || "Moved up", data: data.up, backgroundColor: "#047857" },
      { label: (data.labels || {}).down || "Dropped (expiry)", data: data.down, backgroundColor: "#b45309", borderDash: [4, 2] },
      { label: (data.labels || {}).lapsed || "Lapsed", data: data.lapsed, backgroundColor: "#b91c1c" }
    ] },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
