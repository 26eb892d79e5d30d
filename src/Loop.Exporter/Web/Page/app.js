// Loop's live view: plain DOM, no library. Reads /status once (and every 10 s for success rates),
// then /live (Server-Sent Events: one frame per tick at most, 5 a second at most, only what changed).
// Drives the engine through POST /bus with a JSON body (a cross-site form cannot send one).
"use strict";

const PAGE_SIZE = 100;
const WINDOW_MS = 5 * 60 * 1000; // the chart's 5 minutes
const MINUTE_MS = 60 * 1000;
const bands = [[40, "OK", "green"], [60, "WARN", "orange"], [Infinity, "BLOCK", "red"]]; // SOURCES.md's dashboard bands

const state = {
  adapters: new Map(),  // name -> {name, state, success_rate, restarts, r_axis}
  signals: new Map(),   // scope -> signal (not OK)
  restarts: new Map(),  // adapter -> Map(minute -> restarts), the last hour
  lastRestarts: new Map(), // adapter -> restart count last seen
  latencies: [],        // [time ms, latency ms], the last 5 minutes
  sort: "name",
  descending: false,
  page: 0,
  filter: "",
  token: sessionStorage.getItem("loopToken"),
};

const $ = (id) => document.getElementById(id);

// What the page costs, for whoever looks (the tests read it): numbers and the last 64 frames' times, never a
// growing list, so a page left open for a day does not grow. The recent frames let a reader take a percentile:
// a maximum on a shared machine also measures whoever else had the CPU in that instant.
const RECENT_FRAMES = 64;
window.loopStats = { frames: 0, lastFrameMs: 0, maxFrameMs: 0, recentFrameMs: [] };

function text(element, value) {
  element.textContent = value;
}

function band(ms) {
  return bands.find(([limit]) => ms <= limit);
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function renderBadge(latency) {
  const [, level, colour] = band(latency);
  const badge = $("latencyBadge");
  badge.className = "badge " + colour;
  badge.dataset.level = level;
  text($("badgeLevel"), level);
  text($("badgeValue"), latency.toFixed(1) + " ms");
  const now = Date.now();
  const minute = state.latencies.filter(([at]) => now - at <= MINUTE_MS).map(([, ms]) => ms);
  const p50 = percentile(minute, 50);
  const p99 = percentile(minute, 99);
  text($("badgePercentiles"), p50 === null ? "" : `p50 ${p50.toFixed(1)} / p99 ${p99.toFixed(1)} ms (last minute)`);
}

function renderChart() {
  const canvas = $("latencyChart");
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const top = 100;
  const y = (ms) => height - (Math.min(ms, top) / top) * height;
  context.lineWidth = 1;
  for (const [ms, colour] of [[40, "#2e7d32"], [60, "#ef6c00"], [80, "#c62828"]]) {
    context.strokeStyle = colour;
    context.setLineDash([4, 4]);
    context.beginPath();
    context.moveTo(0, y(ms));
    context.lineTo(width, y(ms));
    context.stroke();
  }

  context.setLineDash([]);
  context.strokeStyle = "#1565c0";
  context.beginPath();
  const now = Date.now();
  state.latencies.forEach(([at, ms], i) => {
    const x = width - ((now - at) / WINDOW_MS) * width;
    if (i === 0) context.moveTo(x, y(ms)); else context.lineTo(x, y(ms));
  });
  context.stroke();
}

function renderSignals(loopLevel) {
  if (loopLevel) {
    const level = $("raxisLoop");
    text(level, loopLevel);
    level.className = "level " + loopLevel.toLowerCase();
  }

  const rows = [...state.signals.values()].sort((a, b) =>
    (a.level === b.level ? 0 : a.level === "BLOCK" ? -1 : b.level === "BLOCK" ? 1 : 0) || a.scope.localeCompare(b.scope));
  const body = $("raxisTable").tBodies[0];
  body.replaceChildren(...rows.map((s) => {
    const row = document.createElement("tr");
    row.className = s.level.toLowerCase();
    for (const value of [s.level, s.scope, s.reason, s.observed ?? "–", s.threshold ?? "–", new Date(s.since).toLocaleTimeString()]) {
      const cell = document.createElement("td");
      cell.textContent = String(value);
      row.append(cell);
    }
    return row;
  }));
  $("raxisTable").hidden = rows.length === 0;
  $("raxisEmpty").hidden = rows.length > 0;
}

const HEATMAP_ROWS = 20;

function noteRestarts(name, restarts) {
  const last = state.lastRestarts.get(name);
  state.lastRestarts.set(name, restarts);
  if (last === undefined || restarts <= last) return false;
  const minute = Math.floor(Date.now() / 60000);
  const perMinute = state.restarts.get(name) ?? new Map();
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + (restarts - last));
  state.restarts.set(name, perMinute);
  return true;
}

function renderHeatmap() {
  const now = Math.floor(Date.now() / 60000);
  const rows = [];
  for (const [name, perMinute] of state.restarts) {
    for (const minute of perMinute.keys()) if (minute <= now - 60) perMinute.delete(minute);
    if (perMinute.size === 0) { state.restarts.delete(name); continue; }
    let total = 0;
    for (const count of perMinute.values()) total += count;
    rows.push([name, perMinute, total]);
  }
  rows.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
  const body = $("heatmap").tBodies[0];
  body.replaceChildren(...rows.slice(0, HEATMAP_ROWS).map(([name, perMinute]) => {
    const row = document.createElement("tr");
    const label = document.createElement("th");
    label.scope = "row";
    label.textContent = name;
    row.append(label);
    for (let minute = now - 59; minute <= now; minute++) {
      const count = perMinute.get(minute) ?? 0;
      const cell = document.createElement("td");
      cell.className = "heat-" + Math.min(count, 4);
      cell.textContent = count ? String(count) : "";
      cell.title = `${name}: ${count} restarts, ${now - minute} min ago`;
      row.append(cell);
    }
    return row;
  }));
  $("heatmap").hidden = rows.length === 0;
  $("heatmapEmpty").hidden = rows.length > 0;
}

function visibleAdapters() {
  const filter = state.filter.toLowerCase();
  const list = [...state.adapters.values()].filter((a) => !filter || a.name.toLowerCase().includes(filter) || (a.kind ?? "").includes(filter) || a.state.includes(filter) || a.r_axis.toLowerCase().includes(filter));
  const key = state.sort;
  list.sort((a, b) => {
    const x = a[key] ?? -1;
    const y = b[key] ?? -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return state.descending ? -order : order;
  });
  return list;
}

function renderAdapters() {
  const list = visibleAdapters();
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const shown = list.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE);
  $("adapters").tBodies[0].replaceChildren(...shown.map((a) => {
    const row = document.createElement("tr");
    const rate = a.success_rate === null || a.success_rate === undefined ? "–" : (a.success_rate * 100).toFixed(1) + " %";
    const latency = a.last_latency_ms === null || a.last_latency_ms === undefined ? "–" : a.last_latency_ms.toFixed(1) + " ms";
    for (const value of [a.name, a.kind ?? "", a.state, rate, a.restarts, latency, a.r_axis]) {
      const cell = document.createElement("td");
      cell.textContent = String(value);
      row.append(cell);
    }
    return row;
  }));
  text($("adapterCount"), `(${list.length} of ${state.adapters.size})`);
  text($("pageInfo"), `page ${state.page + 1} of ${pages}`);
  $("prevPage").disabled = state.page === 0;
  $("nextPage").disabled = state.page >= pages - 1;
}

// A node of a cluster: its members, and which of them is this node and the leader. Hidden for one engine alone.
function renderCluster(cluster) {
  $("clusterCard").hidden = !cluster;
  if (!cluster) return;
  text($("clusterNode"), `this node ${cluster.node}` + (cluster.leader ? `, leader ${cluster.leader}` : ", no leader"));
  $("clusterMembers").tBodies[0].replaceChildren(...cluster.members.map((m) => {
    const row = document.createElement("tr");
    row.className = m.status === "up" && m.reachable ? "" : "warn";
    for (const value of [m.address + (m.address === cluster.node ? " (this node)" : ""), m.status, m.reachable ? "yes" : "no", m.roles.join(", ")]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  }));
}

async function loadStatus() {
  const response = await fetch("/status", { cache: "no-store" });
  const status = await response.json();
  text($("loopName"), status.loop.name ?? "");
  const listed = new Set();
  for (const a of status.adapters ?? []) {
    listed.add(a.name);
    state.adapters.set(a.name, a);
    if (!state.lastRestarts.has(a.name)) state.lastRestarts.set(a.name, a.restarts);
  }
  // An adapter the loop no longer has (moved to another node of the cluster) leaves the table too.
  for (const name of [...state.adapters.keys()]) if (!listed.has(name)) state.adapters.delete(name);
  renderCluster(status.cluster);
  renderAdapters();
  renderSignals(status.r_axis?.loop);
  if (performance.getEntriesByName("loop:first-table").length === 0) performance.mark("loop:first-table");
}

function onFrame(frame) {
  const started = performance.now();
  applyFrame(frame);
  const spent = performance.now() - started;
  window.loopStats.frames++;
  window.loopStats.lastFrameMs = spent;
  window.loopStats.maxFrameMs = Math.max(window.loopStats.maxFrameMs, spent);
  window.loopStats.recentFrameMs.push(spent);
  if (window.loopStats.recentFrameMs.length > RECENT_FRAMES) window.loopStats.recentFrameMs.shift();
}

function applyFrame(frame) {
  for (const s of frame.signals) {
    if (s.level === "OK") state.signals.delete(s.scope); else state.signals.set(s.scope, s);
    if (s.scope.startsWith("adapter:")) {
      const adapter = state.adapters.get(s.scope.slice(8));
      if (adapter) adapter.r_axis = s.level;
    }
  }

  let restarted = false;
  for (const a of frame.adapters) {
    const known = state.adapters.get(a.name) ?? { name: a.name, success_rate: null, r_axis: "OK" };
    state.adapters.set(a.name, { ...known, state: a.state, restarts: a.restarts });
    restarted = noteRestarts(a.name, a.restarts) || restarted;
  }

  if (frame.standing) {
    // The last hour as the engine counted it, for a page that opened late.
    state.restarts.clear();
    for (const [name, counts] of Object.entries(frame.heatmap?.adapters ?? {})) {
      const perMinute = new Map();
      counts.forEach((count, i) => { if (count) perMinute.set(frame.heatmap.to_minute - counts.length + 1 + i, count); });
      state.restarts.set(name, perMinute);
    }
    renderSignals();
    renderHeatmap();
    return;
  }

  if (restarted || frame.tick % 300 === 0) renderHeatmap(); // and once a minute, to move the window

  const now = Date.now();
  if (!frame.paused) state.latencies.push([now, frame.latency_ms]);
  while (state.latencies.length && now - state.latencies[0][0] > WINDOW_MS) state.latencies.shift();
  renderBadge(frame.latency_ms);
  if (frame.due !== undefined) text($("tickCalls"), `due ${frame.due} / ran ${frame.ran} (last tick)`);
  renderSignals(frame.loop);
  renderChart();
  if (frame.adapters.length) renderAdapters();
}

function connect() {
  const live = new EventSource("/live");
  live.onopen = () => text($("connection"), "live");
  live.onerror = () => text($("connection"), "reconnecting…"); // EventSource reconnects by itself
  live.onmessage = (event) => onFrame(JSON.parse(event.data));
}

async function send(cmd, args) {
  const headers = { "Content-Type": "application/json" };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const body = JSON.stringify(args ? { cmd, args } : { cmd });
  let response = await fetch("/bus", { method: "POST", headers, body });
  if (response.status === 401) {
    state.token = window.prompt("This engine needs its token (exporter.token):") ?? "";
    sessionStorage.setItem("loopToken", state.token);
    headers.Authorization = "Bearer " + state.token;
    response = await fetch("/bus", { method: "POST", headers, body });
  }

  const line = (await response.text()).trim().split("\n")[0];
  const ack = $("ack");
  try {
    const parsed = JSON.parse(line);
    const error = parsed.error;
    ack.className = "ack " + (parsed.ok ? "ok" : "error");
    text(ack, parsed.ok ? `${cmd}: ok` : `${cmd}: ${error?.code ?? "error"}: ${error?.message ?? ""}`);
  } catch {
    ack.className = "ack error";
    text(ack, `${cmd}: HTTP ${response.status}`);
  }
}

function wire() {
  const adapter = () => $("adapterName").value.trim();
  $("pause").onclick = () => send("pause");
  $("resume").onclick = () => send("resume");
  $("setTick").onclick = () => send("set_tick", { tick_ms: Number($("tickMs").value) });
  $("restartAdapter").onclick = () => send("restart_adapter", { name: adapter() });
  $("enableAdapter").onclick = () => send("enable_adapter", { name: adapter() });
  $("disableAdapter").onclick = () => send("disable_adapter", { name: adapter() });
  $("injectFault").onclick = () => send("inject_fault", { adapter: adapter(), mode: $("faultMode").value, count: Number($("faultCount").value) });
  $("ackBlock").onclick = () => send("ack_block", { scope: $("blockScope").value.trim() });
  $("filter").oninput = (event) => { state.filter = event.target.value; state.page = 0; renderAdapters(); };
  $("prevPage").onclick = () => { state.page--; renderAdapters(); };
  $("nextPage").onclick = () => { state.page++; renderAdapters(); };
  for (const button of document.querySelectorAll("[data-sort]")) {
    button.onclick = () => {
      state.descending = state.sort === button.dataset.sort ? !state.descending : false;
      state.sort = button.dataset.sort;
      renderAdapters();
    };
  }
}

wire();
loadStatus().finally(connect);
setInterval(loadStatus, 10000); // success rates are not in the frames
