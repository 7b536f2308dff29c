// File transcription: drop zone / file picker -> POST /v1/audio/transcriptions (verbose_json) -> transcript + segments.

import { requestJson } from './api.js';
import { clock, number } from './format.js';

const dropzone = document.getElementById('dropzone');
const input = document.getElementById('file-input');
const status = document.getElementById('upload-status');
const result = document.getElementById('upload-result');
const fileName = document.getElementById('upload-file-name');
const meta = document.getElementById('upload-meta');
const text = document.getElementById('upload-text');
const rows = document.getElementById('segment-rows');
const copyButton = document.getElementById('copy-button');

let busy = false;

function setStatus(message, kind = 'info') {
  status.textContent = message;
  status.dataset.kind = kind;
}

function render(file, transcript, elapsedMs) {
  fileName.textContent = file.name;
  const parts = [];
  if (Number.isFinite(transcript.duration)) parts.push(`${clock(transcript.duration)} of audio`);
  if (transcript.language) parts.push(`language: ${transcript.language}`);
  parts.push(`answered in ${number(elapsedMs / 1000, 2)} s`);
  meta.textContent = parts.join(' · ');
  text.textContent = transcript.text?.trim() || '(no speech recognised)';
  rows.replaceChildren(...(transcript.segments ?? []).map((segment) => {
    const row = document.createElement('tr');
    for (const value of [clock(segment.start), clock(segment.end), segment.text?.trim() ?? '']) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  }));
  result.hidden = false;
}

async function transcribe(file) {
  if (busy) return;
  busy = true;
  dropzone.classList.add('busy');
  setStatus(`Transcribing ${file.name} (${number(file.size / 1024 / 1024, 1)} MB)…`, 'busy');
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('response_format', 'verbose_json');
  const started = performance.now();
  try {
    const transcript = await requestJson('/v1/audio/transcriptions', { method: 'POST', body: form });
    render(file, transcript, performance.now() - started);
    setStatus('');
    document.dispatchEvent(new CustomEvent('voiceflow:transcribed'));
  } catch (error) {
    setStatus(`Could not transcribe ${file.name}: ${error.message}`, 'error');
  } finally {
    busy = false;
    dropzone.classList.remove('busy');
    input.value = '';
  }
}

export function initUpload() {
  input.addEventListener('change', () => {
    if (input.files?.length) void transcribe(input.files[0]);
  });
  for (const type of ['dragenter', 'dragover']) {
    dropzone.addEventListener(type, (event) => {
      event.preventDefault();
      dropzone.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    dropzone.addEventListener(type, () => dropzone.classList.remove('over'));
  }
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files?.[0];
    if (file) void transcribe(file);
  });
  // A file dropped outside the zone would make the browser navigate away from the page.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
  copyButton.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text.textContent);
      copyButton.textContent = 'Copied';
    } catch {
      copyButton.textContent = 'Copy failed';
    }
    setTimeout(() => { copyButton.textContent = 'Copy text'; }, 1500);
  });
}
