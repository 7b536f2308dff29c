using CsCheck;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.Vad;

public class SpeechSegmenterTests
{
    [Fact]
    public void Chunks_are_ordered_bounded_and_cover_all_detected_speech()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Double[1, 6], Gen.Double[0, 0.25]).Sample((seed, maxSeconds, margin) =>
        {
            float[] samples = TestSignals.Mixed(seed);
            var options = new SegmenterOptions { MaxChunkSeconds = maxSeconds, MarginSeconds = margin * maxSeconds };
            var speech = EnergyVad.Detect(samples);

            var chunks = SpeechSegmenter.Split(samples, speech, options);

            long previousEnd = 0;
            foreach (var chunk in chunks)
            {
                Assert.True(chunk.Start >= previousEnd && chunk.End > chunk.Start && chunk.End <= samples.Length, $"{chunk}");
                Assert.True(chunk.Length <= options.MaxChunkSamples, $"{chunk} longer than {options.MaxChunkSamples}");
                previousEnd = chunk.End;
            }

            foreach (var region in speech)
            {
                long end = Math.Min(region.End, samples.Length);
                for (long s = region.Start; s < end; s += 160)
                {
                    Assert.Contains(chunks, c => c.Start <= s && s < c.End);
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Long_corpus_items_are_cut_in_silence_into_chunks_under_the_limit()
    {
        var options = new SegmenterOptions { MaxChunkSeconds = 12 };
        foreach (var item in CorpusFixture.Get().OfKind(CorpusItemKind.Long))
        {
            float[] samples = item.LoadSamples();

            var chunks = SpeechSegmenter.Split(samples, options);

            Assert.True(chunks.Count >= item.DurationSeconds / 12, $"{item.Id}: {chunks.Count} chunks");
            Assert.All(chunks, c => Assert.True(c.Duration <= TimeSpan.FromSeconds(12)));
            for (int i = 1; i < chunks.Count; i++)
            {
                long cut = chunks[i].Start;
                float loudest = samples.AsSpan((int)cut - 80, 160).ToArray().Max(MathF.Abs);
                Assert.True(loudest < 0.05f, $"{item.Id}: cut at {cut} is not in a pause ({loudest})");
            }

            // Nearly every frame of speech (labelled from the clean item itself) lies inside a chunk.
            bool[] labels = SpeechReference.LabelFrames(samples, 320);
            int speechFrames = labels.Count(l => l);
            int covered = labels.Select((l, f) => l && chunks.Any(c => c.Start <= f * 320L && f * 320L < c.End)).Count(x => x);
            Assert.True(covered >= 0.98 * speechFrames, $"{item.Id}: {covered} of {speechFrames} speech frames in chunks");
        }
    }

    [Fact]
    public void Unbroken_sound_longer_than_a_chunk_is_cut_at_its_quietest_point()
    {
        // The first frame seeds the noise floor, so the sound starts after a moment of silence.
        float[] samples = TestSignals.ToneInSilence(1_600, 16_000 * 5, 0);
        for (int i = 41_600; i < 41_920; i++)
        {
            samples[i] *= 0.5f; // A slight dip at 2.5 s is the quietest frame.
        }

        var chunks = SpeechSegmenter.Split(samples, new SegmenterOptions { MaxChunkSeconds = 3, MarginSeconds = 0 });

        Assert.Equal(2, chunks.Count);
        Assert.Equal(1_600, chunks[0].Start);
        Assert.InRange(chunks[0].End, 41_600, 41_920);
        Assert.Equal(chunks[0].End, chunks[1].Start);
        Assert.Equal(samples.Length, chunks[1].End);
    }

    [Fact]
    public void Silence_gives_no_chunk_and_trims_to_nothing()
    {
        Assert.Empty(SpeechSegmenter.Split(new float[48_000]));
        Assert.Equal(0, SilenceTrimmer.Trim(new float[48_000]).Length);
    }

    [Fact]
    public void Trim_keeps_the_speech_plus_the_margin()
    {
        float[] samples = TestSignals.ToneInSilence(32_000, 16_000, 32_000);

        var kept = SilenceTrimmer.Trim(samples, TimeSpan.FromMilliseconds(100));

        Assert.Equal(32_000 - 1_600, kept.Start);
        Assert.Equal(48_000 + 8 * 320 + 1_600, kept.End);
    }

    [Fact]
    public void Trim_of_padded_corpus_speech_lands_near_the_clean_speech_bounds()
    {
        var corpus = CorpusFixture.Get();
        foreach (var item in corpus.OfKind(CorpusItemKind.Clean).Take(8))
        {
            float[] clean = item.LoadSamples();
            bool[] labels = SpeechReference.LabelFrames(clean, 320);
            long firstSpeech = 16_000 + Array.IndexOf(labels, true) * 320L;
            long lastSpeech = 16_000 + (Array.LastIndexOf(labels, true) + 1) * 320L;
            float[] padded = [.. new float[16_000], .. clean, .. new float[16_000]];

            var kept = SilenceTrimmer.Trim(padded);

            Assert.InRange(kept.Start, firstSpeech - 3_200 - 640, firstSpeech - 3_200 + 640);
            // The end may run past the labelled speech by the hangover plus flite's faint release (below -40 dB of the peak).
            Assert.InRange(kept.End, lastSpeech + 3_200, lastSpeech + 3_200 + 2_560 + 4_800);
        }
    }
}
