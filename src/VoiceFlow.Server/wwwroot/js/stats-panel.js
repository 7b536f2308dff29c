// The performance panel: polls /v1/stats, shows the summary as tiles and the recent entries as a chart.

import { requestJson } from './api.js';
import { chartColors, colorSlot, drawStatsChart, stagesOf } from './stats-chart.js';
import { label, number, timeOfDay } from './format.js';

const POLL_MS = 5000;
const CHART_ENTRIES = 30; // the server keeps up to 100; more bars than this get too thin to read

const canvas = document.getElementById('stats-chart');
const tiles = document.getElementById('stats-tiles');
const legend = document.getElementById('stats-legend');
const rows = document.getElementById('stats-rows');
const updated = document.getElementById('stats-updated');

/** Summary fields shown first, with their units; any other numeric field follows with a generic label. */
const TILE_FORMATS = {
  total_transcriptions: { title: 'Transcriptions', format: (v) => number(v, 0) },
  average_speed_factor: { title: 'Average speed', format: (v) => `${number(v, 1)}×` },
  average_processing_time_ms: { title: 'Average processing', format: (v) => `${number(v, 0)} ms` },
  optimization_improvement_percentage: { title: 'Optimisation gain', format: (v) => `${number(v, 1)} %` },
};

let recent = [];
let timer = null;
let loading = null;

function renderTiles(summary) {
  const entries = Object.entries(summary ?? {}).filter(([, value]) => typeof value === 'number');
  const order = Object.keys(TILE_FORMATS);
  const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
  entries.sort(([a], [b]) => rank(a) - rank(b));
  tiles.replaceChildren(...entries.map(([key, value]) => {
    const known = TILE_FORMATS[key];
    const tile = document.createElement('div');
    tile.className = 'tile';
    const name = document.createElement('dt');
    name.textContent = known?.title ?? label(key);
    const figure = document.createElement('dd');
    figure.textContent = known ? known.format(value) : number(value, 2);
    tile.append(name, figure);
    return tile;
  }));
}

function renderLegend(stages) {
  const items = stages.map((name) => {
    const item = document.createElement('span');
    item.className = `legend-item swatch-${colorSlot(name)}`;
    item.textContent = label(name);
    return item;
  });
  if (stages.length) {
    const line = document.createElement('span');
    line.className = 'legend-item swatch-line';
    line.textContent = 'Speed factor';
    items.push(line);
  }
  legend.replaceChildren(...items);
}

function renderTable(stages) {
  rows.replaceChildren(...recent.map((entry) => {
    const row = document.createElement('tr');
    const stageText = stages.map((name) => `${label(name)} ${number(Number(entry.stages?.[name]) || 0, 1)}`).join(', ');
    for (const value of [timeOfDay(entry.time), number(entry.audio_seconds, 2), number(entry.speed_factor, 1), stageText]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  }));
}

function describe() {
  if (recent.length === 0) return 'No transcriptions yet';
  const latest = recent[recent.length - 1];
  return `Chart of ${recent.length} recent transcriptions; latest ${number(latest.speed_factor, 1)}× real time on ${number(latest.audio_seconds, 1)} s of audio.`;
}

export function redraw() {
  const drawn = drawStatsChart(canvas, recent, chartColors(canvas));
  canvas.dataset.entries = String(drawn);
  canvas.setAttribute('aria-label', describe());
}

/** Fetches the stats now (one request at a time) and redraws. */
export function refreshStats() {
  loading ??= (async () => {
    try {
      const stats = await requestJson('/v1/stats');
      recent = Array.isArray(stats.recent) ? stats.recent.slice(-CHART_ENTRIES) : [];
      const stages = stagesOf(recent);
      renderTiles(stats.summary);
      renderLegend(stages);
      renderTable(stages);
      redraw();
      updated.textContent = `Updated ${timeOfDay(new Date().toISOString())}`;
      updated.dataset.kind = '';
    } catch (error) {
      updated.textContent = `Statistics unavailable: ${error.message}`;
      updated.dataset.kind = 'error';
    } finally {
      loading = null;
    }
  })();
  return loading;
}

function schedule() {
  clearInterval(timer);
  timer = document.hidden ? null : setInterval(() => void refreshStats(), POLL_MS);
}

export function initStats() {
  new ResizeObserver(() => redraw()).observe(canvas);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => redraw());
  document.addEventListener('visibilitychange', () => {
    schedule();
    if (!document.hidden) void refreshStats();
  });
  document.addEventListener('voiceflow:transcribed', () => void refreshStats());
  schedule();
  void refreshStats();
}
