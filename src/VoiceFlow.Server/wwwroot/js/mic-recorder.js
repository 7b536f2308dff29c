// Microphone capture: getUserMedia -> AudioWorklet (pcm-worklet.js) -> 16 kHz mono PCM16 frames.

const WORKLET_URL = new URL('./pcm-worklet.js', import.meta.url);

/** A capture failure with a message a user can act on. */
export class MicrophoneError extends Error {
  constructor(message, cause) {
    super(message, { cause });
    this.name = 'MicrophoneError';
  }
}

function explain(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'Microphone permission was denied. Allow microphone access for this page in the browser\'s site settings, then press Record again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one (or choose an input device in the system settings) and try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be opened: another application may be using it.';
    case 'SecurityError':
      return 'The browser blocked microphone access on this page (it needs https:// or a localhost address).';
    default:
      return `The microphone could not be started: ${error?.message ?? error}`;
  }
}

/**
 * One recording session. start() asks for the microphone and begins posting frames to onFrame(ArrayBuffer)
 * and levels (0..1 peak) to onLevel; stop() flushes the resampler so no tail audio is lost.
 */
export class MicRecorder {
  constructor({ onFrame, onLevel, frameMs = 40 }) {
    this.onFrame = onFrame;
    this.onLevel = onLevel ?? (() => {});
    this.frameMs = frameMs;
    this.context = null;
    this.stream = null;
    this.node = null;
    this.flushed = null;
  }

  async start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MicrophoneError('This browser cannot record here: microphone access needs https:// or a localhost address.');
    }
    try {
      // Raw audio: echo cancellation and noise suppression change speech in ways the recogniser was not trained on.
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: { ideal: 1 }, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (error) {
      throw new MicrophoneError(explain(error), error);
    }

    try {
      this.context = new AudioContext();
      await this.context.audioWorklet.addModule(WORKLET_URL);
      const source = this.context.createMediaStreamSource(this.stream);
      // No outputs: nothing is played back, and Chromium still runs a node without outputs.
      this.node = new AudioWorkletNode(this.context, 'pcm-stream', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCountMode: 'explicit',
        channelCount: Math.max(1, source.channelCount),
        processorOptions: { frameMs: this.frameMs },
      });
      let resolveFlushed;
      this.flushed = new Promise((resolve) => { resolveFlushed = resolve; });
      this.node.port.onmessage = (event) => {
        const message = event.data;
        if (message.type === 'frame') {
          this.onLevel(message.peak);
          this.onFrame(message.pcm);
        } else if (message.type === 'flushed') {
          resolveFlushed();
        }
      };
      source.connect(this.node);
      if (this.context.state === 'suspended') await this.context.resume();
    } catch (error) {
      await this.close();
      throw new MicrophoneError(`Audio processing could not start: ${error?.message ?? error}`, error);
    }
    this.stream.getAudioTracks()[0]?.addEventListener('ended', () => this.onEnded?.());
    return this.context.sampleRate;
  }

  /** Sends the resampler's tail, waits for it (at most a second), then releases the microphone. */
  async stop() {
    if (this.node && this.flushed) {
      this.node.port.postMessage({ type: 'flush' });
      await Promise.race([this.flushed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    await this.close();
  }

  async close() {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.node?.disconnect();
    if (this.context && this.context.state !== 'closed') await this.context.close();
    this.stream = null;
    this.node = null;
    this.context = null;
  }
}
