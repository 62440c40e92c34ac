// The overview's bar chart, drawn from the JSON the page embeds (no inline script: CSP).
(function () {
  if (typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var canvas = document.getElementById("by-capability");
  canvas.parentElement.style.height = Math.max(192, (data.labels.length + 2) * 10) + "px";
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label || "Personnel", data: data.values, backgroundColor: "#1d4ed8" }] },
    options: { indexAxis: "y", maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } }
  });
})();
