using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Runs a dictation's decode once on synthetic audio before the daemon says it is ready: the first real dictation
/// then finds the code compiled, the engine's buffers allocated and its caches filled, and is as fast as the tenth.
/// The audio is voiced enough to pass the silence check and the voice activity detector (silence would stop before
/// the engine); whatever text it gives is thrown away.
/// </summary>
internal static class EngineWarmup
{
    /// <summary>One second: 200 ms of faint noise (the detectors' noise floor), then two vowel-like bursts.</summary>
    public static float[] Signal()
    {
        var samples = new float[AudioFormat.RecognizerSampleRate];
        var random = new Random(13);
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / (double)AudioFormat.RecognizerSampleRate;
            bool voiced = t is (>= 0.2 and < 0.5) or (>= 0.6 and < 0.9);
            double vowel = voiced
                ? (0.25 * Math.Sin(2 * Math.PI * 140 * t)) + (0.12 * Math.Sin(2 * Math.PI * 700 * t)) + (0.06 * Math.Sin(2 * Math.PI * 1_200 * t))
                : 0;
            samples[i] = (float)(vowel + ((random.NextDouble() - 0.5) * 0.002));
        }

        return samples;
    }

    /// <summary>Decodes <see cref="Signal"/> both ways a dictation can be decoded: streamed while recorded (when the engine can) and whole.</summary>
    public static async Task RunAsync(TranscriptionService service, TranscriptionJobOptions job, CancellationToken cancellationToken)
    {
        var signal = Signal();
        using (var stream = service.TryOpenStream(job.Engine))
        {
            if (stream is not null)
            {
                for (int offset = 0; offset < signal.Length; offset += 320)
                {
                    stream.Feed(signal.AsSpan(offset, 320));
                }

                await service.CompleteDecodedAsync(signal, stream.Finish(), job, cancellationToken).ConfigureAwait(false);
            }
        }

        await service.TranscribeAsync(signal, job, cancellationToken).ConfigureAwait(false);
    }
}
