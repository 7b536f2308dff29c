// A Realtime transcription session with the official `openai` npm package's OpenAIRealtimeWS (which always dials wss://).
// Prints one JSON line per server event and exits after the first completed transcript (or fails after 90 s).
// Usage: node realtime-transcription.mjs BASE_URL API_KEY PCM16_24KHZ_FILE   (trust the server's certificate with NODE_EXTRA_CA_CERTS)
import fs from 'node:fs';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';

const [baseURL, apiKey, pcmFile] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const rt = new OpenAIRealtimeWS({ intent: 'transcription' }, client);
const timer = setTimeout(() => { console.error('timed out'); process.exit(2); }, 90_000);

rt.on('event', (event) => console.log(JSON.stringify(event)));
rt.on('error', (error) => { console.error('realtime error: ' + error.message); process.exit(1); });
rt.on('session.updated', () => {
  const audio = fs.readFileSync(pcmFile);
  for (let offset = 0; offset < audio.length; offset += 4800) {
    rt.send({ type: 'input_audio_buffer.append', audio: audio.subarray(offset, offset + 4800).toString('base64') });
  }
});
rt.on('conversation.item.input_audio_transcription.completed', () => {
  clearTimeout(timer);
  rt.close();
  setTimeout(() => process.exit(0), 100);
});
rt.socket.on('open', () => {
  rt.send({
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: { model: 'gpt-4o-transcribe', language: 'en' },
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 },
        },
      },
    },
  });
});
