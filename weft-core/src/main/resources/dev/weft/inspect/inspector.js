// weft inspector page: polls /api/v1/snapshot, draws each loop's tasks as a table and the
// awaited-by graph as SVG (awaiter above, arrow to the task it awaits), fetches a stack on click.
// Plain JavaScript, no build step; everything comes from the program's own jar.
"use strict";

const token = new URLSearchParams(location.search).get("token");
const headers = token ? { Authorization: "Bearer " + token } : {};
const SVG = "http://www.w3.org/2000/svg";
const view = { sort: "id", filter: "", selected: null };
// ?select=NAME opens that task's stack once it appears (links and the docs' screenshot use it)
let pendingSelect = new URLSearchParams(location.search).get("select");

function el(tag, attrs, ...children) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function seconds(s) {
  if (s === null || s === undefined) return "?";
  return s < 10 ? s.toFixed(2) + " s" : s < 120 ? s.toFixed(1) + " s" : Math.round(s / 60) + " min";
}

async function getJson(path) {
  const r = await fetch(path, { headers, credentials: "same-origin", cache: "no-store" });
  if (!r.ok) throw new Error(path + ": " + r.status + " " + (await r.text()));
  return r.json();
}

function sortTasks(tasks) {
  const key = view.sort;
  return [...tasks].sort((a, b) => key === "time" ? (b.stateSeconds ?? -1) - (a.stateSeconds ?? -1)
    : key === "id" ? a.id - b.id : String(a[key]).localeCompare(String(b[key])) || a.id - b.id);
}

function visible(t) {
  const f = view.filter.trim().toLowerCase();
  return !f || t.name.toLowerCase().includes(f) || t.state === f;
}

// Layers: a task's depth is the longest chain of awaiters above it, so an awaiter is always drawn
// above what it awaits. Cycles cannot happen (a task awaits one thing) but are cut anyway.
function layout(tasks) {
  const byId = new Map(tasks.map(t => [t.id, t]));
  const depth = new Map();
  const visit = (t, seen) => {
    if (depth.has(t.id)) return depth.get(t.id);
    let d = 0;
    for (const p of t.awaitedBy) {
      const parent = byId.get(p);
      if (parent && !seen.has(p)) d = Math.max(d, visit(parent, new Set([...seen, p])) + 1);
    }
    depth.set(t.id, d);
    return d;
  };
  tasks.forEach(t => visit(t, new Set([t.id])));
  const rows = [];
  for (const t of tasks) (rows[depth.get(t.id)] ||= []).push(t);
  const pos = new Map();
  const W = 150, H = 34, GX = 24, GY = 44;
  rows.forEach((row, d) => row.forEach((t, i) => pos.set(t.id, { x: 10 + i * (W + GX), y: 10 + d * (H + GY) })));
  const width = Math.max(300, ...rows.map(r => 10 + r.length * (W + GX)));
  return { pos, W, H, width, height: 20 + rows.length * (H + GY) - GY };
}

function graph(loop, tasks) {
  const { pos, W, H, width, height } = layout(tasks);
  const svg = el("svg:svg", { class: "graph", viewBox: `0 0 ${width} ${height}`, height: String(height),
    "data-loop": String(loop.id) });
  svg.append(el("svg:defs", {}, el("svg:marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, el("svg:path", { d: "M0,0 L10,5 L0,10 z", fill: "#8792a2" }))));
  const byId = new Map(tasks.map(t => [t.id, t]));
  for (const t of tasks) {
    for (const to of t.awaits) {
      const a = pos.get(t.id), b = pos.get(to);
      if (!a || !b) continue;
      svg.append(el("svg:path", { class: "edge", "data-from": t.name, "data-to": byId.get(to).name,
        d: `M${a.x + W / 2},${a.y + H} C${a.x + W / 2},${a.y + H + 20} ${b.x + W / 2},${b.y - 20} ${b.x + W / 2},${b.y}` }));
    }
  }
  for (const t of tasks) {
    const p = pos.get(t.id);
    const label = t.name.length > 20 ? t.name.slice(0, 19) + "\u2026" : t.name;
    svg.append(el("svg:g", { class: "node state-" + t.state, "data-task-name": t.name, "data-state": t.state,
      transform: `translate(${p.x},${p.y})`, onclick: () => showStack(loop, t) },
      el("svg:title", {}, `${t.name}: ${t.state} for ${seconds(t.stateSeconds)}`),
      el("svg:rect", { width: String(W), height: String(H) }),
      el("svg:text", { x: "8", y: "14" }, label),
      el("svg:text", { x: "8", y: "28" }, `${t.state} ${seconds(t.stateSeconds)}`)));
  }
  return svg;
}

function table(loop, tasks) {
  const byId = new Map(loop.tasks.map(t => [t.id, t.name]));
  const names = ids => ids.map(i => byId.get(i) ?? "#" + i).join(", ");
  const head = el("tr", {}, ...[["id", "id"], ["name", "name"], ["state", "state"], ["time", "in state"],
    [null, "awaits"], [null, "awaited by"]].map(([key, text]) =>
      el("th", key ? { onclick: () => { view.sort = key; render(); }, title: "sort by " + text } : {}, text)));
  const body = sortTasks(tasks).map(t => el("tr", { class: "task" + (view.selected === t.id ? " selected" : ""),
      "data-task-id": String(t.id), "data-task-name": t.name, "data-state": t.state, onclick: () => showStack(loop, t) },
    el("td", {}, t.id), el("td", {}, t.name), el("td", { class: "state state-" + t.state }, t.state),
    el("td", {}, seconds(t.stateSeconds)),
    el("td", { class: "awaits" }, t.awaits.length ? names(t.awaits) : (t.awaiting ?? "")),
    el("td", { class: "awaited-by" }, names(t.awaitedBy))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
}

let last = null;

function render() {
  if (!last) return;
  const root = document.getElementById("loops");
  root.replaceChildren(...(last.loops.length ? last.loops.map(loop => {
    const tasks = loop.tasks.filter(visible);
    const s = loop.stats;
    return el("section", { class: "loop", "data-loop": String(loop.id), "data-loop-state": loop.state },
      el("h2", {}, `${loop.name} (${loop.state}${loop.thread ? ", thread " + loop.thread : ""})`),
      el("div", { class: "stats" }, `time ${loop.time.toFixed(3)}${loop.virtual ? " (virtual)" : ""} \u00b7 ${s.tasks} tasks \u00b7 `
        + `ready ${s.ready} \u00b7 timers ${s.timers} \u00b7 selector keys ${s.selectorKeys} \u00b7 handles run ${s.handlesRun}`
        + ` \u00b7 slow callbacks ${loop.debug ? s.slowCallbacks : "(debug mode only)"} \u00b7 ${loop.backend} tasks`),
      tasks.length ? graph(loop, tasks) : "", table(loop, tasks));
  }) : [el("p", {}, "No event loop is registered yet: loops register when they are created or start to run.")]));
}

async function showStack(loop, t) {
  view.selected = t.id;
  const panel = document.getElementById("stack-panel");
  panel.hidden = false;
  document.getElementById("stack-title").textContent = `${t.name} (${loop.name}, task ${t.id})`;
  const pre = document.getElementById("stack");
  pre.textContent = "loading...";
  try {
    const s = await getJson(`/api/v1/loops/${loop.id}/tasks/${t.id}/stack`);
    const created = t.creationSite.length ? "\n\ncreated at:\n  " + t.creationSite.map(f => f.text).join("\n  ") : "";
    pre.textContent = (s.frames.length ? s.frames.map(f => "at " + f.text).join("\n")
      : "(no stack: the task is running, or has not started)") + created;
  } catch (e) {
    pre.textContent = String(e.message);
  }
  render();
}

async function refresh() {
  const status = document.getElementById("status");
  if (!document.getElementById("pause").checked) {
    try {
      last = await getJson("/api/v1/snapshot");
      status.textContent = `pid ${last.pid} \u00b7 updated ${new Date().toLocaleTimeString()}`;
      document.body.dataset.loaded = "true";
      render();
      for (const loop of pendingSelect ? last.loops : []) {
        const t = loop.tasks.find(x => x.name === pendingSelect);
        if (t) { pendingSelect = null; await showStack(loop, t); break; }
      }
    } catch (e) {
      status.textContent = "not connected: " + e.message;
    }
  }
  setTimeout(refresh, 1000);
}

document.getElementById("filter").addEventListener("input", e => { view.filter = e.target.value; render(); });
refresh();
