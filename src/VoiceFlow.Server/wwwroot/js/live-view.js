// The live transcript: finished utterances as paragraphs, the current hypothesis as provisional text.

import { clock, number } from './format.js';

const finals = document.getElementById('live-finals');
const partial = document.getElementById('live-partial');
const placeholder = document.getElementById('live-placeholder');
const container = document.getElementById('live-transcript');
const stats = document.getElementById('live-stats');

function scrollToEnd() {
  container.scrollTop = container.scrollHeight;
}

export function showPartial(text) {
  placeholder.hidden = true;
  partial.textContent = text ?? '';
  scrollToEnd();
}

/** Appends one finished utterance; its times go in a tooltip and a small label. */
export function appendFinal({ text, start, end, processing_ms: processingMs }) {
  partial.textContent = '';
  if (!text || !text.trim()) return;
  placeholder.hidden = true;
  const line = document.createElement('p');
  line.className = 'final';
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = clock(start);
  const words = document.createElement('span');
  words.className = 'words';
  words.textContent = text.trim();
  line.title = `${clock(start)} – ${clock(end)}${Number.isFinite(processingMs) ? `, recognised in ${number(processingMs, 0)} ms` : ''}`;
  line.append(time, words);
  finals.append(line);
  scrollToEnd();
}

export function showStreamStats({ audio_seconds: audioSeconds, speed_factor: speedFactor }) {
  stats.textContent = `${number(audioSeconds, 1)} s of audio streamed · ${number(speedFactor, 1)}× real time`;
}

export function clearLive() {
  finals.replaceChildren();
  partial.textContent = '';
  stats.textContent = '';
  placeholder.hidden = false;
}

/** Text of all finals, for copying. */
export function liveText() {
  return [...finals.querySelectorAll('.words')].map((node) => node.textContent).join(' ');
}
