// Streams a transcription with the official `openai` npm package; prints one JSON line per event, then
// {"done": true, "deltas": "...", "text": "..."}. Usage: node stream-transcription.mjs BASE_URL API_KEY FILE MODEL
import fs from 'node:fs';
import OpenAI from 'openai';

const [baseURL, apiKey, file, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 120_000 });
const stream = await client.audio.transcriptions.create({
  file: fs.createReadStream(file),
  model,
  stream: true,
});
let deltas = '';
let text = null;
let events = 0;
for await (const event of stream) {
  events++;
  if (event.type === 'transcript.text.delta') {
    deltas += event.delta;
  } else if (event.type === 'transcript.text.done') {
    text = event.text;
  }
  console.log(JSON.stringify(event));
}
console.log(JSON.stringify({ done: true, events, deltas, text }));
