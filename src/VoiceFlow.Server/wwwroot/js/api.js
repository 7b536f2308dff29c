// Talking to the VoiceFlow server: the optional API key, JSON requests with readable errors, the stream URL.

const KEY_STORAGE = 'voiceflow.apiKey';

/** The API key typed into the settings, or '' (kept in session storage: gone when the tab closes). */
export function apiKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function setApiKey(value) {
  try {
    if (value) sessionStorage.setItem(KEY_STORAGE, value);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage disabled: the key simply is not remembered.
  }
}

function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** A failed request, with the server's own message when it sent one. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Reads the OpenAI-style {"error":{"message"}} body, else the status line. */
async function errorFrom(response) {
  let detail = '';
  try {
    const body = await response.json();
    detail = body?.error?.message ?? '';
  } catch {
    // Not JSON: fall back to the status text.
  }
  const status = `${response.status} ${response.statusText}`.trim();
  const hint = response.status === 401 ? ' Enter the API key under Connection settings.' : '';
  return new ApiError((detail ? `${detail} (${status}).` : `The server answered ${status}.`) + hint, response.status);
}

/** fetch + JSON, throwing ApiError with a readable message for network and HTTP failures. */
export async function requestJson(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers ?? {}) } });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the VoiceFlow server: is it still running?', 0);
  }
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

/** The streaming WebSocket URL on this page's host (wss on https pages). */
export function streamUrl(encoding = 'pcm16') {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams({ encoding });
  const key = apiKey();
  if (key) query.set('api_key', key);
  return `${scheme}//${location.host}/v1/stream?${query}`;
}
