using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>The window loop, search strategies and fallback against a scripted model.</summary>
public class TranscriberTests
{
    private const int Hello = 256;
    private const int World = 257;
    private const int Again = 258;
    private const int Eot = 50256;
    private const int Sot = 50257;
    private const int Not = 50362;
    private const int Prev = 50360;
    private const int Beg = 50363;
    private static readonly string[] Words = [" hello", " world", " again", " w3", " w4", " w5", " w6", " w7", " w8", " w9"];

    private static readonly WhisperDecodingOptions Greedy = new()
    {
        TemperatureIncrement = 0,
        CompressionRatioThreshold = null,
        NoTimestamps = true,
    };

    /// <summary>Tokens the decoder sampled: everything after the task tokens that follow &lt;|startoftranscript|&gt;.</summary>
    private static List<int> Sampled(FakeStep step)
    {
        var tokens = step.Tokens;
        var i = tokens.ToList().LastIndexOf(Sot);
        Assert.True(i >= 0, "the prompt has <|startoftranscript|>");
        i++;
        while (i < tokens.Count && tokens[i] > Sot && tokens[i] <= Not)
        {
            i++;
        }

        return [.. tokens.Skip(i)];
    }

    private static FakeWhisperModel Model(Func<int, List<int>, int?> next, int textLayers = 4, int nVocab = 51864) =>
        new((step, logits) =>
        {
            Array.Fill(logits, -30f);
            var token = next(step.Seek, Sampled(step));
            if (token is { } t)
            {
                logits[t] = 10f;
            }

            return true;
        }, nVocab, textLayers, Words);

    private static float[] Seconds(double seconds) => new float[(int)(seconds * 16000)];

    [Fact]
    public void Greedy_no_timestamps_window_gives_one_segment_ending_with_end_of_text()
    {
        var model = Model((_, s) => s.Count switch { 0 => Hello, 1 => World, _ => Eot });
        var segments = new List<WhisperSegment>();
        var result = new WhisperTranscriber(model).Transcribe(Seconds(5), Greedy, segments.Add, cancellationToken: TestContext.Current.CancellationToken);

        var segment = Assert.Single(result.Segments);
        Assert.Equal([segment], segments);
        Assert.Equal(" hello world", segment.Text);
        Assert.Equal([Hello, World, Eot], segment.Tokens.Select(t => t.Id));
        Assert.Equal((0L, 3000L), (segment.T0, segment.T1));
        Assert.Equal(1, result.Windows);
        Assert.Equal([Sot, Not], model.Prompts[0]);
        Assert.True(segment.Tokens[0].Probability > 0.99f);
        Assert.Equal(0, model.LiveStates);

        // Greedy at temperature 0 needs one KV cache even though best-of (for fallback) is 5.
        Assert.Equal(1, model.StatesCreated);
    }

    [Fact]
    public void Too_short_audio_gives_nothing_without_running_the_model()
    {
        var model = Model((_, _) => Eot);
        var result = new WhisperTranscriber(model).Transcribe(Seconds(0.05), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(result.Segments);
        Assert.Equal(0, model.DecodeCalls);
    }

    [Fact]
    public void Window_stops_at_n_text_ctx_over_2_minus_4_tokens()
    {
        // Random weights never emit end-of-text: whisper.cpp stops at 448/2 - 4 = 220 tokens and calls it a failure,
        // but with a single temperature the failed decoding is still the result, with all its tokens.
        var model = Model((_, _) => Hello);
        var result = new WhisperTranscriber(model).Transcribe(Seconds(10), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        var segment = Assert.Single(result.Segments);
        Assert.Equal(220, segment.Tokens.Count);
        Assert.Equal(1 + 219, model.DecodeCalls);
    }

    [Fact]
    public void Repetition_loop_falls_back_to_a_higher_temperature()
    {
        // At temperature 0 the word always wins and the window hits the token limit (a failure); at 0.2 the
        // end-of-text (logit 0.9 vs 1.0) gets sampled.
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -30f);
            logits[Hello] = 1.0f;
            logits[Eot] = 0.9f;
            return true;
        }, words: Words);

        var options = Greedy with { TemperatureIncrement = 0.2f, BestOf = 2 };
        var result = new WhisperTranscriber(model).Transcribe(Seconds(5), options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, result.Fallbacks);
        var segment = Assert.Single(result.Segments);
        Assert.Equal(Eot, segment.Tokens[^1].Id);
        Assert.True(segment.Tokens.Count < 30);
    }

    [Fact]
    public void Compression_ratio_check_rejects_repetitive_text()
    {
        var model = Model((_, s) => s.Count < 40 ? Hello : Eot);
        var options = Greedy with { TemperatureIncrement = 0.2f, EntropyThreshold = 0 };

        var plain = new WhisperTranscriber(model).Transcribe(Seconds(5), options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, plain.Fallbacks);

        var checkedRatio = new WhisperTranscriber(model).Transcribe(Seconds(5), options with { CompressionRatioThreshold = 2.4f }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(5, checkedRatio.Fallbacks);
        Assert.True(CompressionRatio.Of(checkedRatio.Segments[0].Text) > 2.4);

        // whisper.cpp's own check: the last 32 tokens' entropy.
        var entropy = new WhisperTranscriber(model).Transcribe(Seconds(5), options with { EntropyThreshold = 2.4f }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(5, entropy.Fallbacks);
    }

    [Fact]
    public void Beam_search_finds_the_sequence_greedy_misses_and_forks_the_caches()
    {
        // "hello" (0.6) then a flat continuation (end 0.3) vs "world" (0.4) then end-of-text (0.99).
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -60f);
            var s = Sampled(step);
            if (s.Count == 0)
            {
                logits[Hello] = MathF.Log(0.6f);
                logits[World] = MathF.Log(0.4f);
            }
            else if (s[0] == Hello)
            {
                logits[Eot] = MathF.Log(0.3f);
                for (var w = Again; w < Again + 7; w++)
                {
                    logits[w] = MathF.Log(0.1f);
                }
            }
            else
            {
                logits[Eot] = MathF.Log(0.99f);
                logits[Again] = MathF.Log(0.01f);
            }

            return true;
        }, words: Words);

        var greedy = new WhisperTranscriber(model).Transcribe(Seconds(5), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([Hello, Eot], greedy.Segments[0].Tokens.Select(t => t.Id));

        var beam = new WhisperTranscriber(model).Transcribe(Seconds(5),
            Greedy with { Strategy = WhisperSamplingStrategy.BeamSearch, BeamSize = 3 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([World, Eot], beam.Segments[0].Tokens.Select(t => t.Id));
        Assert.Equal(0, model.LiveStates);
    }

    [Fact]
    public void Beams_that_only_change_places_keep_their_caches_without_a_copy()
    {
        // "hello" (0.6) then "again" (0.3 of 1.0) vs "world" (0.4) then " w3" (0.99): after the second step the beams swap
        // ranks (slot 0 continues slot 1's sequence and slot 1 slot 0's), then both end.
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -60f);
            var s = Sampled(step);
            switch (s.Count)
            {
                case 0:
                    logits[Hello] = MathF.Log(0.6f);
                    logits[World] = MathF.Log(0.4f);
                    break;
                case 1 when s[0] == Hello:
                    logits[Again] = MathF.Log(0.3f);
                    for (var w = Again + 1; w < Again + 8; w++)
                    {
                        logits[w] = MathF.Log(0.1f);
                    }

                    break;
                case 1:
                    logits[Again + 1] = MathF.Log(0.99f);
                    logits[Again] = MathF.Log(0.01f);
                    break;
                default:
                    logits[Eot] = 0f;
                    break;
            }

            return true;
        }, words: Words);

        var beam = new WhisperTranscriber(model).Transcribe(Seconds(5),
            Greedy with { Strategy = WhisperSamplingStrategy.BeamSearch, BeamSize = 2 }, cancellationToken: TestContext.Current.CancellationToken);

        // The script sees each beam's own cache, so a wrong fork would change these tokens.
        Assert.Equal([World, Again + 1, Eot], beam.Segments[0].Tokens.Select(t => t.Id));
        // Two copies: the prompt's cache into the second beam, and the first step's fork (both beams continue beam 0's
        // cache). The swap moves both caches (copying each into a spare was 2 more).
        Assert.Equal(2, model.StateCopies);
        Assert.Equal(0, model.LiveStates);
    }

    [Fact]
    public void Silent_window_with_low_confidence_is_skipped_by_the_no_speech_rule()
    {
        FakeWhisperModel Silent(float noSpeechLogit) => new((step, logits) =>
        {
            // Flat text distribution (low confidence); <|nospeech|> only matters at the prompt step.
            Array.Fill(logits, 0f);
            logits[50361] = noSpeechLogit;
            return true;
        }, words: Words);

        var silent = new WhisperTranscriber(Silent(13f)).Transcribe(Seconds(5), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(silent.Segments);
        Assert.Equal(1, silent.Windows);

        var speech = new WhisperTranscriber(Silent(0f)).Transcribe(Seconds(5), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        var segment = Assert.Single(speech.Segments);
        Assert.True(segment.NoSpeechProbability < 0.01f);
        Assert.True(new WhisperTranscriber(Silent(13f)).Transcribe(Seconds(5), Greedy with { NoSpeechThreshold = 0.95f }, cancellationToken: TestContext.Current.CancellationToken).Segments.Count == 1);
    }

    [Fact]
    public void Timestamp_mode_cuts_segments_and_advances_windows_by_the_last_timestamp()
    {
        var model = Model((seek, s) => (seek, s.Count) switch
        {
            (0, 0) => Beg,
            (0, 1) => Hello,
            (0, 2) => Beg + 500,
            (0, 3) => Beg + 500,
            (0, 4) => World,
            (1000, 0) => Beg,
            (1000, 1) => World,
            (1000, 2) => Beg + 250,
            (4000, 0) => Beg,
            (4000, 1) => Again,
            (4000, 2) => Beg + 100,
            _ => Eot,
        });

        var result = new WhisperTranscriber(model).Transcribe(Seconds(60), Greedy with { NoTimestamps = false }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([0, 1000, 4000], model.EncodedOffsets);
        Assert.Equal(3, result.Windows);
        Assert.Equal(
            [(0L, 1000L, " hello"), (1000L, 1500L, " world"), (4000L, 4200L, " again")],
            result.Segments.Select(s => (s.T0, s.T1, s.Text)));
        Assert.Equal([Beg, Hello, Beg + 500], result.Segments[0].Tokens.Select(t => t.Id));
        Assert.Equal([Sot], model.Prompts[0]);
    }

    [Fact]
    public void No_timestamp_windows_advance_by_30_seconds()
    {
        var model = Model((_, s) => s.Count == 0 ? Hello : Eot);
        var result = new WhisperTranscriber(model).Transcribe(Seconds(65), Greedy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([0, 3000, 6000], model.EncodedOffsets);
        Assert.Equal([0L, 3000L, 6000L], result.Segments.Select(s => s.T0));
    }

    [Fact]
    public void Two_layer_decoder_is_a_distilled_model_that_forces_no_timestamps()
    {
        var distilled = Model((_, s) => s.Count == 0 ? Hello : Eot, textLayers: 2);
        var transcriber = new WhisperTranscriber(distilled);
        Assert.True(transcriber.ForcesNoTimestamps);
        transcriber.Transcribe(Seconds(5), Greedy with { NoTimestamps = false }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([Sot, Not], distilled.Prompts[0]);
    }

    [Fact]
    public void Initial_prompt_conditions_every_window_and_previous_text_only_when_asked()
    {
        var model = Model((seek, s) => s.Count == 0 ? (seek == 0 ? World : Again) : Eot);
        var options = Greedy with { InitialPrompt = " hello" };

        new WhisperTranscriber(model).Transcribe(Seconds(40), options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([[Prev, Hello, Sot, Not], [Prev, Hello, Sot, Not]], model.Prompts.Select(p => p.ToArray()));

        model.Prompts.Clear();
        new WhisperTranscriber(model).Transcribe(Seconds(40), options with { ConditionOnPreviousText = true }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([Prev, Hello, Sot, Not], model.Prompts[0]);
        Assert.Equal([Prev, Hello, World, Eot, Sot, Not], model.Prompts[1]);
    }

    [Fact]
    public void Auto_language_is_detected_on_multilingual_models()
    {
        const int sot = 50258;
        var german = sot + 1 + 2;
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -30f);
            if (step.Tokens.Count == 1 && step.Tokens[0] == sot)
            {
                logits[german] = 5f;
                logits[sot + 1] = 4f;
            }
            else
            {
                logits[step.Tokens[^1] == Hello ? 50257 : Hello] = 10f;
            }

            return true;
        }, nVocab: 51865, words: Words);

        var transcriber = new WhisperTranscriber(model);
        var result = transcriber.Transcribe(Seconds(5), Greedy with { Language = "auto" }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("de", result.Language);
        // Multilingual (99 languages): transcribe 50359, notimestamps 50363.
        Assert.Equal([sot, german, 50359, 50363], model.Prompts[^1]);
        Assert.Equal(" hello", result.Segments[0].Text);

        var detection = transcriber.DetectLanguage(Seconds(5), 1);
        Assert.Equal("de", detection.Language);
        Assert.Equal(1 / (1 + MathF.Exp(-1)), detection.Probabilities[2], 1e-3);
    }

    [Fact]
    public void Token_timestamps_fill_every_token_inside_its_segment()
    {
        var model = Model((seek, s) => s.Count switch { 0 => Beg, 1 => Hello, 2 => World, 3 => Beg + 150, _ => Eot });
        var samples = Seconds(5);
        for (var i = 3200; i < 24000; i++)
        {
            samples[i] = 0.5f * MathF.Sin(i * 0.05f);
        }

        var result = new WhisperTranscriber(model).Transcribe(samples, Greedy with { NoTimestamps = false, TokenTimestamps = true }, cancellationToken: TestContext.Current.CancellationToken);
        var segment = Assert.Single(result.Segments);
        Assert.Equal((0L, 300L), (segment.T0, segment.T1));
        foreach (var token in segment.Tokens)
        {
            Assert.InRange(token.T0, 0, 300);
            Assert.InRange(token.T1, token.T0, 300);
        }

        // The words sit on the signal (0.2 s .. 1.5 s), not in the silence around it.
        var words = segment.Tokens.Where(t => t.Id is Hello or World).ToList();
        Assert.True(words[0].T0 >= 15, $"first word starts at {words[0].T0}");
        Assert.True(words[^1].T1 <= 160, $"last word ends at {words[^1].T1}");
        Assert.True(words[0].T1 <= words[1].T0);
    }

    [Fact]
    public void Cancellation_stops_between_decoder_steps()
    {
        using var cts = new CancellationTokenSource();
        var model = Model((_, _) => Hello);
        model.OnDecode = () =>
        {
            if (model.DecodeCalls == 5)
            {
                cts.Cancel();
            }
        };

        Assert.ThrowsAny<OperationCanceledException>(() => new WhisperTranscriber(model).Transcribe(Seconds(5), Greedy, null, cts.Token));
        Assert.Equal(0, model.LiveStates);
    }
}
