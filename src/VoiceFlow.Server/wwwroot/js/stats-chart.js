// Hand-drawn canvas chart of recent transcriptions: stacked bars of per-stage time (left axis, ms) and
// the speed factor as a line (right axis, × real time).

import { timeOfDay } from './format.js';

/** Known stages in pipeline order; unknown ones follow in first-seen order. */
const STAGE_ORDER = ['decode', 'validate', 'resample', 'vad', 'recognise', 'recognize', 'postprocess'];
const PALETTE_SIZE = 7;

/** Each known stage keeps its colour whichever stages a server reports; the recogniser (usually most of the time) gets the accent. */
const STAGE_COLORS = { decode: 2, validate: 3, resample: 4, vad: 5, recognise: 1, recognize: 1, postprocess: 6 };

/** The palette slot (1..7) of a stage; unknown stages share the last one. */
export function colorSlot(name) {
  return STAGE_COLORS[name] ?? PALETTE_SIZE;
}

/** The stage names present in the entries, pipeline order first. */
export function stagesOf(recent) {
  const seen = new Set();
  for (const entry of recent) for (const name of Object.keys(entry.stages ?? {})) seen.add(name);
  const known = STAGE_ORDER.filter((name) => seen.has(name));
  return [...known, ...[...seen].filter((name) => !STAGE_ORDER.includes(name))];
}

/** Colours come from CSS custom properties so light and dark themes both apply. */
export function chartColors(element) {
  const style = getComputedStyle(element);
  const read = (name) => style.getPropertyValue(name).trim();
  return {
    stages: Array.from({ length: PALETTE_SIZE }, (_, i) => read(`--chart-${i + 1}`)),
    line: read('--chart-line'),
    grid: read('--chart-grid'),
    text: read('--text-muted'),
    surface: read('--surface'),
    font: `12px ${style.fontFamily}`,
  };
}

/** A round step (1, 2, 2.5, 5 × 10^n) of at least max / count. */
function niceStep(max, count) {
  const raw = max > 0 ? max / count : 1 / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9));
}

/** About four round intervals covering max. */
function niceScale(max) {
  const step = niceStep(max, 4);
  return { top: Math.max(1, Math.ceil(max / step - 1e-9)) * step, step };
}

function tickText(value, step) {
  // As many decimals as the step needs to be exact (0.25 → 2), so no two ticks read the same.
  let decimals = 0;
  while (decimals < 4 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9) decimals++;
  return value.toFixed(decimals);
}

/**
 * Draws the chart into the canvas at its CSS size × devicePixelRatio.
 * Returns the number of transcriptions drawn.
 */
export function drawStatsChart(canvas, recent, colors) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = colors.font;

  if (recent.length === 0) {
    g.fillStyle = colors.text;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText('No transcriptions yet: record or upload something.', width / 2, height / 2);
    return 0;
  }

  const stages = stagesOf(recent);
  const totals = recent.map((entry) => stages.reduce((sum, name) => sum + (Number(entry.stages?.[name]) || 0), 0));
  const speeds = recent.map((entry) => Number(entry.speed_factor) || 0);
  const ms = niceScale(Math.max(...totals));
  // The speed axis shares the ms axis' grid lines, so it gets as many round steps.
  const tickCount = Math.round(ms.top / ms.step);
  const speedStep = niceStep(Math.max(...speeds), tickCount);
  const speed = { top: speedStep * tickCount, step: speedStep };

  const plot = { left: 52, right: width - 52, top: 22, bottom: height - 30 };
  const plotHeight = plot.bottom - plot.top;
  const yMs = (value) => plot.bottom - (value / ms.top) * plotHeight;
  const ySpeed = (value) => plot.bottom - (value / speed.top) * plotHeight;

  // Grid and both axes' tick labels (the ms and speed scales share the grid lines).
  g.lineWidth = 1;
  g.textBaseline = 'middle';
  for (let i = 0; i <= tickCount; i++) {
    const y = Math.round(yMs(i * ms.step)) + 0.5;
    g.strokeStyle = colors.grid;
    g.beginPath();
    g.moveTo(plot.left, y);
    g.lineTo(plot.right, y);
    g.stroke();
    g.fillStyle = colors.text;
    g.textAlign = 'right';
    g.fillText(tickText(i * ms.step, ms.step), plot.left - 6, y);
    g.textAlign = 'left';
    g.fillText(`${tickText(i * speed.step, speed.step)}×`, plot.right + 6, y);
  }

  // Axis titles.
  g.textBaseline = 'alphabetic';
  g.textAlign = 'left';
  g.fillText('ms per stage', plot.left - 44, 12);
  g.textAlign = 'right';
  g.fillText('speed ×', plot.right + 44, 12);

  // Stacked bars, one slot per transcription, oldest on the left.
  const slot = (plot.right - plot.left) / recent.length;
  const barWidth = Math.max(2, Math.min(36, slot * 0.62));
  recent.forEach((entry, index) => {
    const x = plot.left + slot * index + (slot - barWidth) / 2;
    let base = 0;
    stages.forEach((name) => {
      const value = Number(entry.stages?.[name]) || 0;
      if (value <= 0) return;
      const top = yMs(base + value);
      g.fillStyle = colors.stages[colorSlot(name) - 1];
      g.fillRect(x, top, barWidth, Math.max(1, yMs(base) - top));
      base += value;
    });
  });

  // Speed factor line with points.
  g.strokeStyle = colors.line;
  g.fillStyle = colors.line;
  g.lineWidth = 2;
  g.lineJoin = 'round';
  g.beginPath();
  speeds.forEach((value, index) => {
    const x = plot.left + slot * (index + 0.5);
    if (index === 0) g.moveTo(x, ySpeed(value));
    else g.lineTo(x, ySpeed(value));
  });
  g.stroke();
  speeds.forEach((value, index) => {
    g.beginPath();
    g.arc(plot.left + slot * (index + 0.5), ySpeed(value), 3.5, 0, Math.PI * 2);
    g.fill();
    g.strokeStyle = colors.surface;
    g.lineWidth = 1.5;
    g.stroke();
  });

  // X labels: time of day, thinned so they never overlap.
  g.fillStyle = colors.text;
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const labelWidth = g.measureText('00:00:00').width + 12;
  const every = Math.max(1, Math.ceil(labelWidth / slot));
  recent.forEach((entry, index) => {
    if ((recent.length - 1 - index) % every !== 0) return; // always label the newest
    g.fillText(timeOfDay(entry.time), plot.left + slot * (index + 0.5), plot.bottom + 8);
  });

  g.strokeStyle = colors.text;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(plot.left + 0.5, plot.top);
  g.lineTo(plot.left + 0.5, plot.bottom + 0.5);
  g.lineTo(plot.right - 0.5, plot.bottom + 0.5);
  g.lineTo(plot.right - 0.5, plot.top);
  g.stroke();
  return recent.length;
}
