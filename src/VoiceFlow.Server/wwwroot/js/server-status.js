// The header's server indicator, from GET /health.

const POLL_MS = 10000;
const badge = document.getElementById('server-state');
const text = document.getElementById('server-state-text');

async function check() {
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    badge.dataset.state = response.ok ? 'up' : 'degraded';
    text.textContent = response.ok ? 'Server ready' : `Server unhealthy (${response.status})`;
  } catch {
    badge.dataset.state = 'down';
    text.textContent = 'Server unreachable';
  }
}

export function initServerStatus() {
  void check();
  setInterval(() => {
    if (!document.hidden) void check();
  }, POLL_MS);
}
