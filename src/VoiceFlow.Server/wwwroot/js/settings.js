// The API key field in the connection settings.

import { apiKey, setApiKey } from './api.js';

export function initSettings() {
  const input = document.getElementById('api-key');
  input.value = apiKey();
  input.addEventListener('change', () => setApiKey(input.value.trim()));
  // Enter in the field must not submit (and reload) the page.
  document.getElementById('settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setApiKey(input.value.trim());
  });
}
