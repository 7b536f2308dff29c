using System.Text.Json;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>
/// The page's AudioWorklet (js/pcm-worklet.js) run in chromium's OfflineAudioContext: a sine at the context rate goes in,
/// the PCM16 frames it posts come out. Passband tones keep their level; tones above 8 kHz must not fold back into the
/// 16 kHz output (naive decimation would pass them at full level).
/// </summary>
public sealed class WorkletResamplerTests(BrowserFixture fixture)
{
    private const string RenderTone = """
        async ([rate, frequency]) => {
          const context = new OfflineAudioContext(1, rate, rate);
          await context.audioWorklet.addModule('/js/pcm-worklet.js');
          const tone = new OscillatorNode(context, { frequency });
          const level = new GainNode(context, { gain: 0.5 });
          const node = new AudioWorkletNode(context, 'pcm-stream', { numberOfOutputs: 0, processorOptions: { frameMs: 40 } });
          const frames = [];
          node.port.onmessage = (event) => { if (event.data.type === 'frame') frames.push(new Int16Array(event.data.pcm)); };
          tone.connect(level).connect(node);
          tone.start();
          await context.startRendering();
          await new Promise((resolve) => setTimeout(resolve, 100)); // let the last frame messages arrive
          const samples = [];
          for (const frame of frames) for (const value of frame) samples.push(value / 32768);
          // Skip the filter's start-up; fit the tone at its own frequency and measure the total level.
          const from = 400, to = samples.length - 400, w = 2 * Math.PI * frequency / 16000;
          let sine = 0, cosine = 0, energy = 0;
          for (let n = from; n < to; n++) {
            sine += samples[n] * Math.sin(w * n);
            cosine += samples[n] * Math.cos(w * n);
            energy += samples[n] * samples[n];
          }
          const count = to - from;
          return { samples: samples.length, amplitude: 2 * Math.hypot(sine, cosine) / count, rms: Math.sqrt(energy / count) };
        }
        """;

    [Fact]
    public async Task Passband_tones_keep_their_amplitude()
    {
        var results = await RenderAsync([(48000, 200), (48000, 1000), (48000, 7000), (44100, 1000), (44100, 7000), (16000, 3000), (8000, 1000)]);

        Assert.All(results, r =>
        {
            Assert.InRange(r.Samples, 15_000, 16_000); // one second at 16 kHz, minus the unposted tail
            Assert.True(Math.Abs(r.Amplitude / 0.5 - 1) < 0.005, $"{r.Frequency} Hz at {r.Rate} Hz comes out at amplitude {r.Amplitude:F5} instead of 0.5");
        });
    }

    [Fact]
    public async Task Tones_above_8_kHz_are_removed_not_aliased()
    {
        var results = await RenderAsync([(48000, 8500), (48000, 12000), (48000, 20000), (44100, 9000), (44100, 15000)]);

        // Whatever comes out is aliasing: it must be at least 70 dB below the input's RMS (0.5 / sqrt 2).
        Assert.All(results, r =>
        {
            double relativeDb = 20 * Math.Log10(Math.Max(r.Rms, 1e-12) / (0.5 / Math.Sqrt(2)));
            Assert.True(relativeDb < -70, $"{r.Frequency} Hz at {r.Rate} Hz leaks at {relativeDb:F1} dB");
        });
    }

    private async Task<IReadOnlyList<ToneResult>> RenderAsync((int Rate, int Frequency)[] tones)
    {
        await using var browser = await fixture.OpenPageAsync();
        var results = new List<ToneResult>();
        foreach (var (rate, frequency) in tones)
        {
            var r = await browser.Page.EvaluateAsync<JsonElement>(RenderTone, new[] { rate, frequency });
            results.Add(new ToneResult(rate, frequency, r.GetProperty("samples").GetInt32(), r.GetProperty("amplitude").GetDouble(), r.GetProperty("rms").GetDouble()));
        }

        return results;
    }

    private sealed record ToneResult(int Rate, int Frequency, int Samples, double Amplitude, double Rms);
}
