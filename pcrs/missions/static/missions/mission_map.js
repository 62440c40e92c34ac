// Mission map: vendored Natural Earth boundaries (world-atlas TopoJSON) drawn as SVG, no tiles.
// Reads the JSON in #map-data: {year, points: [{name, lat, lon, troops, hq, ...}], hq: {lat, lon}}.
(function () {
  "use strict";
  const holder = document.getElementById("mission-map");
  const dataNode = document.getElementById("map-data");
  if (!holder || !dataNode || typeof topojson === "undefined") return;
  const data = JSON.parse(dataNode.textContent);
  const points = data.points.slice();
  if (data.hq) points.push({ name: holder.dataset.hqLabel || "Mission HQ", lat: data.hq.lat, lon: data.hq.lon, hq: 3, isHq: true });
  if (!points.length) { holder.textContent = holder.dataset.empty || "No located positions for this mission."; return; }

  let minLon = Math.min(...points.map(p => p.lon)), maxLon = Math.max(...points.map(p => p.lon));
  let minLat = Math.min(...points.map(p => p.lat)), maxLat = Math.max(...points.map(p => p.lat));
  const pad = Math.max(1.5, 0.15 * Math.max(maxLon - minLon, maxLat - minLat));
  minLon -= pad; maxLon += pad; minLat -= pad; maxLat += pad;
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const width = 800, height = Math.max(300, Math.min(700, width * (maxLat - minLat) / ((maxLon - minLon) * k)));
  const sx = width / ((maxLon - minLon) * k), sy = height / (maxLat - minLat);
  const s = Math.min(sx, sy);
  const ox = (width - (maxLon - minLon) * k * s) / 2, oy = (height - (maxLat - minLat) * s) / 2;
  const project = (lon, lat) => [ox + (lon - minLon) * k * s, oy + (maxLat - lat) * s];

  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", holder.dataset.label || holder.dataset.mapLabel || "Mission map");
  svg.style.width = "100%"; svg.style.background = "#eaf2f8";
  holder.appendChild(svg);

  fetch(holder.dataset.topology).then(r => r.json()).then(topology => {
    const countries = topojson.feature(topology, topology.objects.countries).features;
    const layer = document.createElementNS(ns, "g");
    for (const f of countries) {
      const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
      let d = "";
      let near = false;
      for (const poly of polys) for (const ring of poly) {
        for (const [lon, lat] of ring) if (lon > minLon - 20 && lon < maxLon + 20 && lat > minLat - 20 && lat < maxLat + 20) { near = true; break; }
        if (!near) continue;
        d += ring.map(([lon, lat], i) => (i ? "L" : "M") + project(lon, lat).map(v => v.toFixed(1)).join(",")).join("") + "Z";
      }
      if (!d) continue;
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "#f7f7f2"); path.setAttribute("stroke", "#8a8a80"); path.setAttribute("stroke-width", "0.8");
      const title = document.createElementNS(ns, "title"); title.textContent = f.properties.name; path.appendChild(title);
      layer.appendChild(path);
    }
    svg.insertBefore(layer, svg.firstChild);
  }).catch(() => { /* boundaries are decoration: the points and the table still stand */ });

  const maxTroops = Math.max(1, ...data.points.map(p => p.troops || 0));
  for (const p of points) {
    const [x, y] = project(p.lon, p.lat);
    let mark;
    if (p.isHq || p.hq >= 2) {
      // Squares for headquarters, circles for other positions: shape, not colour, tells them apart.
      const size = p.isHq ? 14 : 10;
      mark = document.createElementNS(ns, "rect");
      mark.setAttribute("x", x - size / 2); mark.setAttribute("y", y - size / 2);
      mark.setAttribute("width", size); mark.setAttribute("height", size);
      mark.setAttribute("fill", p.isHq ? "#111" : "#1d4ed8");
    } else {
      mark = document.createElementNS(ns, "circle");
      mark.setAttribute("cx", x); mark.setAttribute("cy", y);
      mark.setAttribute("r", 3 + 9 * Math.sqrt((p.troops || 0) / maxTroops));
      mark.setAttribute("fill", "#1d4ed8"); mark.setAttribute("fill-opacity", "0.55");
    }
    mark.setAttribute("stroke", "#fff");
    const title = document.createElementNS(ns, "title");
    title.textContent = p.name + (p.troops ? ` — ${p.troops} troops` : "") + (p.hq ? ` — HQ level ${p.hq}` : "");
    mark.appendChild(title);
    svg.appendChild(mark);
  }
})();
