// The Record/Stop controller: microphone -> WebSocket -> live transcript, with every failure shown to the user.

import { MicRecorder } from './mic-recorder.js';
import { StreamClient } from './stream-client.js';
import { appendFinal, clearLive, showPartial, showStreamStats } from './live-view.js';
import { hideBanner, showBanner } from './banner.js';

const recordButton = document.getElementById('record-button');
const stopButton = document.getElementById('stop-button');
const clearButton = document.getElementById('clear-live-button');
const status = document.getElementById('live-status');
const meter = document.getElementById('level-meter');
const card = recordButton.closest('.card');

let session = null;

function setState(state, text) {
  card.dataset.state = state;
  status.textContent = text;
  recordButton.disabled = state !== 'idle';
  stopButton.disabled = state !== 'recording';
  if (state !== 'recording') meter.style.transform = 'scaleX(0)';
}

function showLevel(peak) {
  // Square-root scale so quiet speech still moves the meter.
  meter.style.transform = `scaleX(${Math.min(1, Math.sqrt(peak)).toFixed(3)})`;
}

async function start() {
  hideBanner();
  setState('starting', 'Starting…');
  const client = new StreamClient({
    onPartial: (event) => showPartial(event.text),
    onFinal: (event) => appendFinal(event),
    onStats: (event) => showStreamStats(event),
    onServerError: (message) => showBanner(`Server: ${message}`),
    onClosedEarly: (message) => {
      showBanner(message);
      void end(false);
    },
  });
  const recorder = new MicRecorder({ onFrame: (frame) => client.send(frame), onLevel: showLevel });
  recorder.onEnded = () => {
    showBanner('The microphone stopped (unplugged or taken by another application).');
    void end(true);
  };
  session = { client, recorder, ending: null };

  try {
    await recorder.start();
  } catch (error) {
    session = null;
    client.abort();
    showBanner(error.message);
    setState('idle', 'Idle');
    return;
  }
  try {
    await client.open();
  } catch (error) {
    session = null;
    await recorder.close();
    showBanner(error.message);
    setState('idle', 'Idle');
    return;
  }
  setState('recording', 'Listening…');
}

/** graceful: flush the microphone and ask the server to finish; otherwise just tear down. */
function end(graceful) {
  const current = session;
  if (!current) return Promise.resolve();
  if (!current.ending) {
    current.ending = (async () => {
      setState('finishing', graceful ? 'Finishing…' : 'Stopped');
      if (graceful) {
        await current.recorder.stop();
        await current.client.stop();
      } else {
        current.client.abort();
        await current.recorder.close();
      }
      showPartial('');
      if (session === current) session = null;
      // The stream's transcription now shows in the server's statistics.
      document.dispatchEvent(new CustomEvent('voiceflow:transcribed'));
      setState('idle', 'Idle');
    })();
  }
  return current.ending;
}

export function initDictation() {
  recordButton.addEventListener('click', () => void start());
  stopButton.addEventListener('click', () => void end(true));
  clearButton.addEventListener('click', () => clearLive());
  window.addEventListener('pagehide', () => void end(false));
  setState('idle', 'Idle');
}
