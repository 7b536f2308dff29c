// The /v1/stream WebSocket: sends PCM16 frames, receives partial/final/stats/error/done events.

import { ApiError, requestJson, streamUrl } from './api.js';

const MAX_QUEUED_FRAMES = 250; // ~10 s of 40 ms frames while the socket opens
const DONE_TIMEOUT_MS = 20000;

/** Ends a message with exactly one full stop. */
function sentence(text) {
  return text.endsWith('.') ? text : `${text}.`;
}

function describeClose(event) {
  const reason = event.reason ? `: ${event.reason}` : '';
  switch (event.code) {
    case 1006: return 'the connection was lost (is the server running?)';
    case 4401: return 'the API key is missing or wrong (enter it under Connection settings)';
    case 1008:
    case 4403: return `the server refused the stream${reason}`;
    default: return `code ${event.code}${reason}`;
  }
}

/**
 * Why the socket could not open: the browser hides the handshake's HTTP status, so ask the API directly.
 */
async function diagnoseRefusal(event) {
  try {
    await requestJson('/v1/models');
  } catch (error) {
    if (error instanceof ApiError && error.status === 0) return 'the server is not reachable (is it running?)';
    if (error instanceof ApiError && error.status === 401) return 'the server needs an API key: enter it under Connection settings';
    if (error instanceof ApiError) return error.message;
  }
  return describeClose(event);
}

/**
 * A streaming session. Callbacks: onPartial(event), onFinal(event), onStats(event), onServerError(message),
 * onClosedEarly(message) when the socket closes before the server said "done".
 */
export class StreamClient {
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.queue = [];
    this.done = false;
    this.stopping = null;
    this.lastServerError = null;
  }

  /** Opens the socket; resolves when open, rejects with a readable Error when it cannot connect. */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(streamUrl('pcm16'));
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        for (const frame of this.queue) socket.send(frame);
        this.queue = [];
        resolve();
      });
      socket.addEventListener('message', (event) => this.receive(event.data));
      socket.addEventListener('close', (event) => {
        if (!opened) {
          void diagnoseRefusal(event).then((why) => reject(new Error(sentence(`Cannot open the live stream: ${why}`))));
          return;
        }
        if (!this.done) {
          const why = this.lastServerError ?? describeClose(event);
          this.handlers.onClosedEarly?.(sentence(`The live stream closed unexpectedly: ${why}`));
        }
        this.finish();
      });
    });
  }

  receive(data) {
    if (typeof data !== 'string') return;
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      this.handlers.onServerError?.('The server sent a message the page does not understand.');
      return;
    }
    switch (event.type) {
      case 'partial': this.handlers.onPartial?.(event); break;
      case 'final': this.handlers.onFinal?.(event); break;
      case 'stats': this.handlers.onStats?.(event); break;
      case 'error':
        this.lastServerError = event.message ?? 'the server reported an error';
        this.handlers.onServerError?.(this.lastServerError);
        break;
      case 'done': this.done = true; this.finish(); break;
      default: break; // Newer servers may add event types: ignore what we do not know.
    }
  }

  /** Queues while connecting (bounded), sends when open, drops once stopping. */
  send(frame) {
    if (!this.socket || this.stopping) return;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
    else if (this.socket.readyState === WebSocket.CONNECTING && this.queue.length < MAX_QUEUED_FRAMES) this.queue.push(frame);
  }

  /** Asks the server to flush; resolves after "done" and close (or a timeout). */
  stop() {
    if (this.stopping) return this.stopping;
    this.stopping = new Promise((resolve) => {
      this.resolveStopped = resolve;
      const socket = this.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        this.finish();
        return;
      }
      socket.send(JSON.stringify({ type: 'stop' }));
      this.timer = setTimeout(() => {
        this.handlers.onServerError?.('The server did not finish the stream in time; the last words may be missing.');
        socket.close(1000, 'client timeout');
        this.finish();
      }, DONE_TIMEOUT_MS);
    });
    return this.stopping;
  }

  /** Closes without waiting (page leaving, microphone failure). */
  abort() {
    this.done = true;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, 'client closed');
    this.finish();
  }

  finish() {
    clearTimeout(this.timer);
    if (this.done && this.socket?.readyState === WebSocket.OPEN) this.socket.close(1000, 'done');
    this.resolveStopped?.();
  }
}
