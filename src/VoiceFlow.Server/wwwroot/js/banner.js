// The page-wide message bar for errors the user must see (mic denied, server down, stream closed).

const banner = document.getElementById('banner');
const text = document.getElementById('banner-text');

document.getElementById('banner-close').addEventListener('click', () => hideBanner());

/** Shows a message; kind is 'error' (default) or 'info'. */
export function showBanner(message, kind = 'error') {
  text.textContent = message;
  banner.dataset.kind = kind;
  banner.hidden = false;
}

export function hideBanner() {
  banner.hidden = true;
  text.textContent = '';
}
