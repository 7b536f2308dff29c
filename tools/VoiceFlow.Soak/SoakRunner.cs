using System.Diagnostics;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Soak;

/// <summary>
/// Dictation after dictation in one process, as a user's day: each one goes through the dictation recorder
/// (Begin, 20 ms blocks, End, its tail) and the transcription service, alternating corpus sentences and
/// silence. Measures RSS and the managed heap every checkpoint, the speed factor, bleed and text from silence.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SoakRunner(TranscriptionService service, VoiceFlowOptions options, IReadOnlyList<(float[] Samples, string Reference)> sentences)
{
    private const int BlockSamples = 320;

    private readonly float[] _silence = new float[16_000];

    public async Task<SoakReport> RunAsync(int count, int checkpointEvery, Action<SoakCheckpoint>? progress, CancellationToken cancellationToken)
    {
        var report = new SoakReport();
        var pool = AudioBufferPool.FromOptions(options);
        var recorder = DictationRecorder.FromOptions(options, pool);
        var firstTranscripts = new Dictionary<int, string>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        string previous = "";
        double speedSum = 0;
        int speedCount = 0;

        // Silence between dictations, longer than the pre-roll, so a recording never starts with the last one's audio.
        int gap = (int)(options.PreRollSeconds * 16_000) + 1600;
        for (int i = 0; i < count; i++)
        {
            bool speech = i % 2 == 0;
            int item = (i / 2) % sentences.Count;
            var samples = speech ? sentences[item].Samples : _silence;
            var result = await DictateAsync(recorder, samples, gap, cancellationToken).ConfigureAwait(false);
            string text = result.Text.Trim();
            report.Dictations++;

            if (!speech)
            {
                if (text.Length > 0)
                    report.TextFromSilence.Add($"#{i}: \"{text}\"");
            }
            else
            {
                speedSum += result.SpeedFactor;
                speedCount++;
                if (!firstTranscripts.TryAdd(item, text) && firstTranscripts[item] != text)
                    report.ChangedTranscripts++;
                if (Bleed(previous, text, sentences[item].Reference, firstTranscripts[item], words) is { } bleed)
                    report.Bleeds.Add($"#{i}: \"{text}\" has \"{bleed}\" from \"{previous}\"");
                previous = text;
            }

            if ((i + 1) % checkpointEvery == 0 && speedCount > 0)
            {
                var checkpoint = Checkpoint(i + 1, speedSum / speedCount);
                report.Checkpoints.Add(checkpoint);
                progress?.Invoke(checkpoint);
                speedSum = 0;
                speedCount = 0;
            }
        }

        return report;
    }

    private async Task<TranscriptionResult> DictateAsync(DictationRecorder recorder, float[] samples, int gap, CancellationToken cancellationToken)
    {
        Feed(recorder, _silence, gap);
        recorder.Begin();
        Feed(recorder, samples, samples.Length);
        var ending = recorder.End();
        while (!ending.IsCompleted)
            Feed(recorder, _silence, BlockSamples);
        using var recording = await ending.ConfigureAwait(false);
        return await service.TranscribeAsync(recording.Samples, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Feeds <paramref name="length"/> samples (the source repeated) in 20 ms blocks, like a capture callback.</summary>
    private static void Feed(DictationRecorder recorder, float[] source, int length)
    {
        for (int fed = 0; fed < length; fed += BlockSamples)
        {
            int offset = fed % source.Length;
            int size = Math.Min(BlockSamples, Math.Min(length - fed, source.Length - offset));
            recorder.Write(source.AsSpan(offset, size));
        }
    }

    /// <summary>A word of <paramref name="text"/> that is in the previous transcript but neither in its reference nor in its first transcript.</summary>
    private static string? Bleed(string previous, string text, string reference, string first, HashSet<string> scratch)
    {
        scratch.Clear();
        scratch.UnionWith(TranscriptNormalizer.Words(reference));
        scratch.UnionWith(TranscriptNormalizer.Words(first));
        var before = TranscriptNormalizer.Words(previous).ToHashSet(StringComparer.Ordinal);
        return TranscriptNormalizer.Words(text).FirstOrDefault(w => !scratch.Contains(w) && before.Contains(w));
    }

    private static SoakCheckpoint Checkpoint(int dictations, double meanSpeed)
    {
        // A full blocking collection first, so the heap figure is what is live, not garbage awaiting collection.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        return new SoakCheckpoint(dictations, self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), meanSpeed);
    }
}
