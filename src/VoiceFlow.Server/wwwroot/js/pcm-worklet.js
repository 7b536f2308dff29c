// AudioWorklet processor: downmixes the microphone to mono, resamples it from the context rate to 16 kHz
// with a windowed-sinc low-pass (polyphase FIR, Kaiser window, ~80 dB stopband) and posts little-endian
// PCM16 frames to the main thread. Loaded with audioWorklet.addModule, so it cannot import other modules.

const TARGET_RATE = 16000;
const STOPBAND_DB = 80;
const MAX_PHASES = 1024;

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x) {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Polyphase resampler from inRate to outRate. Passband edge at 45 % of the lower rate, stopband from 50 %
 * (the lower Nyquist frequency), so nothing above 8 kHz folds back into the 16 kHz output.
 */
class PolyphaseResampler {
  constructor(inRate, outRate) {
    const divisor = gcd(inRate, outRate);
    this.up = outRate / divisor; // L: output steps per input period
    this.down = inRate / divisor; // M: input samples per L output steps
    this.phases = Math.min(this.up, MAX_PHASES);
    this.interpolate = this.up > MAX_PHASES;

    const lower = Math.min(inRate, outRate);
    const cutoff = (0.475 * lower) / inRate; // cycles per input sample
    const transition = (0.05 * lower) / inRate;
    const beta = 0.1102 * (STOPBAND_DB - 8.7);
    const length = (STOPBAND_DB - 8) / (2.285 * 2 * Math.PI * transition);
    this.half = Math.ceil(length / 2) + 1; // half-width in input samples
    this.taps = 2 * this.half;

    // table[p * taps + i] = h(p / phases + half - 1 - i); one extra phase lets interpolation wrap.
    this.table = new Float32Array((this.phases + 1) * this.taps);
    const i0Beta = besselI0(beta);
    for (let p = 0; p <= this.phases; p++) {
      for (let i = 0; i < this.taps; i++) {
        const t = p / this.phases + this.half - 1 - i;
        const ratio = t / this.half;
        const window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / i0Beta;
        const x = 2 * cutoff * t;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        this.table[p * this.taps + i] = 2 * cutoff * sinc * window;
      }
    }

    // History: half-1 zeros first, so the first output is centred on the first real sample.
    this.buffer = new Float32Array(this.taps + 8192);
    this.length = this.half - 1;
    this.base = this.half - 1; // index of the input sample at or before the next output's time
    this.remainder = 0; // next output time = base + remainder / up
  }

  /** Appends input samples; calls emit(sample) for every output sample that is now computable. */
  push(samples, count, emit) {
    this.ensureRoom(count);
    this.buffer.set(samples.subarray(0, count), this.length);
    this.length += count;

    const { table, taps, half, up, down, phases, buffer } = this;
    while (this.base + half < this.length) {
      const first = this.base - half + 1;
      let value;
      if (!this.interpolate) {
        const row = this.remainder * taps;
        value = 0;
        for (let i = 0; i < taps; i++) value += buffer[first + i] * table[row + i];
      } else {
        const position = (this.remainder * phases) / up;
        const phase = Math.floor(position);
        const fraction = position - phase;
        const rowA = phase * taps;
        const rowB = rowA + taps;
        let a = 0;
        let b = 0;
        for (let i = 0; i < taps; i++) {
          const x = buffer[first + i];
          a += x * table[rowA + i];
          b += x * table[rowB + i];
        }
        value = a + (b - a) * fraction;
      }
      emit(value);
      this.remainder += down;
      this.base += Math.floor(this.remainder / up);
      this.remainder %= up;
    }
  }

  /** Feeds half a filter of silence so the last real samples reach the output. */
  flush(emit) {
    const zeros = new Float32Array(this.half + 1);
    this.push(zeros, zeros.length, emit);
  }

  ensureRoom(count) {
    // Drop history nobody needs any more: everything before the first tap of the next output.
    const keepFrom = this.base - this.half + 1;
    if (keepFrom > 0 && this.length + count > this.buffer.length) {
      this.buffer.copyWithin(0, keepFrom, this.length);
      this.length -= keepFrom;
      this.base -= keepFrom;
    }
    if (this.length + count > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.buffer.length * 2, this.length + count));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
  }
}

class PcmStreamProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const frameMs = options?.processorOptions?.frameMs ?? 40;
    this.frameSamples = Math.round((TARGET_RATE * frameMs) / 1000);
    this.resampler = new PolyphaseResampler(sampleRate, TARGET_RATE);
    this.mono = new Float32Array(128);
    this.frame = new Int16Array(this.frameSamples);
    this.filled = 0;
    this.peak = 0;
    this.stopped = false;
    this.emit = (value) => this.append(value);
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') this.finish();
    };
  }

  append(value) {
    const clamped = value > 1 ? 1 : value < -1 ? -1 : value;
    const magnitude = clamped < 0 ? -clamped : clamped;
    if (magnitude > this.peak) this.peak = magnitude;
    this.frame[this.filled++] = clamped < 0 ? Math.round(clamped * 32768) : Math.round(clamped * 32767);
    if (this.filled === this.frameSamples) this.post();
  }

  post() {
    if (this.filled === 0) return;
    const samples = this.filled === this.frame.length ? this.frame : this.frame.slice(0, this.filled);
    this.port.postMessage({ type: 'frame', pcm: samples.buffer, peak: this.peak }, [samples.buffer]);
    this.frame = new Int16Array(this.frameSamples);
    this.filled = 0;
    this.peak = 0;
  }

  finish() {
    if (this.stopped) return;
    this.stopped = true;
    this.resampler.flush(this.emit);
    this.post();
    this.port.postMessage({ type: 'flushed' });
  }

  process(inputs) {
    if (this.stopped) return false;
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const count = channels[0].length;
    if (this.mono.length < count) this.mono = new Float32Array(count);
    const mono = this.mono;
    if (channels.length === 1) {
      mono.set(channels[0]);
    } else {
      // Downmix by averaging: keeps the level of a centred source and cannot clip.
      mono.fill(0, 0, count);
      for (const channel of channels) {
        for (let i = 0; i < count; i++) mono[i] += channel[i];
      }
      const scale = 1 / channels.length;
      for (let i = 0; i < count; i++) mono[i] *= scale;
    }
    this.resampler.push(mono, count, this.emit);
    return true;
  }
}

registerProcessor('pcm-stream', PcmStreamProcessor);
