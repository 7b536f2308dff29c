using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Vad;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>Files longer than the dictation buffer stream through in windows cut in pauses; only max_file_audio_seconds limits them.</summary>
public class LongFileTests
{
    private const int Rate = 16_000;

    /// <summary>Five minutes (at 8 kHz, so the resampler is in the chain): 3 s of sound, 1 s of quiet, over and over.</summary>
    private static string FiveMinuteFile(TempFolder folder)
    {
        var parts = Enumerable.Range(0, 75).SelectMany(_ => new[] { (3.0, true), (1.0, false) }).ToArray();
        var audio16k = TranscriptionServiceTests.Bursts(parts);
        var audio8k = new float[audio16k.Length / 2];
        for (int i = 0; i < audio8k.Length; i++)
        {
            audio8k[i] = audio16k[2 * i];
        }

        string path = folder.Sub("lecture.wav");
        WavWriter.Write(path, audio8k, 8_000);
        return path;
    }

    [Fact]
    public async Task A_file_longer_than_the_dictation_buffer_is_transcribed_to_its_end_in_windows_cut_in_pauses()
    {
        using var folder = new TempFolder();
        string path = FiveMinuteFile(folder);
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        // The dictation buffer (max_audio_buffer_size) stays at its 60 s default: it does not limit files.
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeFileAsync(path);

        Assert.Equal(300, result.AudioDuration.TotalSeconds, 1);
        Assert.True(result.SpeechRegions.Count >= 12, string.Join(", ", result.SpeechRegions.Select(r => $"{r.Start / (double)Rate:0.00}-{r.End / (double)Rate:0.00}")));
        Assert.True(result.Segments[^1].End > TimeSpan.FromSeconds(295), $"last segment ends at {result.Segments[^1].End}");
        Assert.All(engine.Chunks, chunk => Assert.True(chunk.Length <= 25 * Rate));
        // Every burst reaches the engine whole: chunks (and so window boundaries) start and end in the quiet seconds.
        Assert.All(result.SpeechRegions, r =>
        {
            Assert.InRange(Phase(r.Start), 2.8, 4.2);
            Assert.InRange(Phase(r.End), 2.8, 4.2);
        });
        for (int i = 1; i < result.Segments.Count; i++)
        {
            Assert.True(result.Segments[i].Start >= result.Segments[i - 1].End, "segments are in time order without overlap");
        }
    }

    /// <summary>Where a position falls in the 4 s pattern, as 2.8 to 4.2: sound is [0, 3), quiet [3, 4).</summary>
    private static double Phase(long sample)
    {
        double phase = (sample / (double)Rate) % 4;
        return phase < 1 ? phase + 4 : phase;
    }

    [Fact]
    public async Task Progress_over_a_long_file_rises_to_one()
    {
        using var folder = new TempFolder();
        string path = FiveMinuteFile(folder);
        await using var service = new TranscriptionService(new CapturingEngine(TimeSpan.FromSeconds(25)), new VoiceFlowOptions());
        var reports = new List<double>();

        await service.TranscribeFileAsync(path, new TranscriptionJobOptions { Progress = new SynchronousProgress(reports.Add) });

        Assert.True(reports.Count > 5);
        Assert.Equal(reports.Order(), reports);
        Assert.True(reports[^1] > 0.95, $"last progress {reports[^1]}");
    }

    [Fact]
    public async Task Max_file_audio_seconds_refuses_a_longer_file_naming_the_setting()
    {
        using var folder = new TempFolder();
        string path = FiveMinuteFile(folder);
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions { MaxFileAudioSeconds = 120 });

        var error = await Assert.ThrowsAsync<AudioTooLongException>(() => service.TranscribeFileAsync(path));

        Assert.Contains("max_file_audio_seconds", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Chunks); // the length was known before any work
    }

    [Fact]
    public void The_cut_falls_in_the_quietest_stretch_of_the_range()
    {
        var audio = TranscriptionServiceTests.Bursts((10, true), (0.5, false), (9.5, true));

        int cut = QuietestCut.Find(audio, 5 * Rate, 20 * Rate);

        Assert.InRange(cut, 10 * Rate, (int)(10.5 * Rate));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
