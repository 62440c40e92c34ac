// Median days to note verbale, answer and deployment (data from the page's JSON island).
(function () {
  const island = document.getElementById("generation-chart-data");
  const canvas = document.getElementById("generation-chart");
  if (!island || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(island.textContent);
  const t = canvas.dataset; // the page's words, in its language (data-* attributes)
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: t.toNoteVerbale || "To note verbale", data: data.to_note_verbale },
        { label: t.toAnswer || "To answer", data: data.to_answer },
        { label: t.toDeployment || "To deployment", data: data.to_deployment },
      ],
    },
    options: { maintainAspectRatio: false, scales: { y: { title: { display: true, text: t.axis || "days" } } } },
  });
})();
