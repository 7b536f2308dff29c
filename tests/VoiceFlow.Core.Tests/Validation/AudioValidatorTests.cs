using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Tests.Validation;

public class AudioValidatorTests
{
    private static readonly AudioValidator Recording = AudioValidator.ForRecordings(new VoiceFlowOptions());

    [Fact]
    public void Clean_speech_level_audio_passes_unchanged()
    {
        var samples = TestSignals.Tone(16000);
        var copy = (float[])samples.Clone();

        var report = Recording.Validate(samples);

        Assert.True(report.IsClean);
        Assert.False(report.WasRepaired);
        Assert.Equal(BlockCheck.Full, report.Check);
        Assert.Equal(copy, samples);
    }

    [Fact]
    public void Empty_audio_is_rejected_by_default()
    {
        var error = Assert.Throws<AudioValidationException>(() => Recording.Validate([]));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_and_infinity_are_replaced_by_silence_and_counted()
    {
        var samples = TestSignals.Tone(16000);
        samples[10] = float.NaN;
        samples[20] = float.PositiveInfinity;
        samples[30] = float.NegativeInfinity;

        var report = Recording.Validate(samples);

        Assert.Equal(AudioFinding.NonFinite, report.Findings);
        Assert.Equal(AudioFinding.NonFinite, report.Repaired);
        Assert.Equal(3, report.NonFiniteReplaced);
        Assert.True(samples.All(float.IsFinite));
        Assert.Equal(0f, samples[20]);
    }

    [Fact]
    public void Nan_is_rejected_with_the_count_when_the_policy_says_so()
    {
        var validator = new AudioValidator(new AudioValidationLimits(), AudioValidationPolicy.ForRecording with { NonFinite = FindingAction.Reject });
        var samples = TestSignals.Tone(16000);
        samples[5] = float.NaN;

        var error = Assert.Throws<AudioValidationException>(() => validator.Validate(samples));

        Assert.Equal("Audio rejected (NaN/Inf): 1 of 16000 samples are NaN or infinite.", error.Message);
    }

    [Fact]
    public void Integer_pcm_passed_as_float_is_rejected_with_the_peak()
    {
        var samples = TestSignals.Tone(16000, amplitude: 12000f);

        var error = Assert.Throws<AudioValidationException>(() => Recording.Validate(samples));

        Assert.Contains("far out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("peak |x| = 12000", error.Message, StringComparison.Ordinal);
        Assert.Contains("integer PCM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slight_overshoot_is_clamped_and_the_clamped_samples_counted()
    {
        var samples = TestSignals.Tone(16000);
        samples[100] = 1.2f;
        samples[200] = -1.05f;

        var report = Recording.Validate(samples);

        Assert.Equal(AudioFinding.OutOfRange, report.Findings);
        Assert.Equal(2, report.SamplesClamped);
        Assert.Equal(1f, samples[100]);
        Assert.Equal(-1f, samples[200]);
    }

    [Fact]
    public void Heavy_clipping_is_reported_but_the_audio_passes()
    {
        var samples = TestSignals.Tone(16000, amplitude: 3f);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Clamp(samples[i], -1f, 1f);
        }

        var report = Recording.Validate(samples);

        Assert.Equal(AudioFinding.Clipping, report.Findings);
        Assert.True(report.Statistics.ClippedFraction > 0.5);
        Assert.False(report.WasRepaired);
    }

    [Fact]
    public void Clipping_rejection_names_the_fraction_and_the_limit()
    {
        var validator = new AudioValidator(new AudioValidationLimits(), AudioValidationPolicy.ForRecording with { Clipping = FindingAction.Reject });
        var samples = TestSignals.Tone(16000, amplitude: 0.2f);
        samples.AsSpan(0, 800).Fill(1f);

        var error = Assert.Throws<AudioValidationException>(() => validator.Validate(samples));

        Assert.Equal("Audio rejected (clipping): 5.00% of samples (800 of 16000) are at |x| >= 0.999, above the 1.00% limit; lower the input gain.", error.Message);
    }

    [Fact]
    public void Dc_offset_is_removed()
    {
        var samples = TestSignals.Tone(16000, amplitude: 0.3f, dc: 0.2f);

        var report = Recording.Validate(samples);

        Assert.Equal(AudioFinding.DcOffset, report.Findings);
        Assert.Equal(0.2f, report.DcOffsetRemoved, 3);
        Assert.Equal(0, samples.Average(), 3);
    }

    [Fact]
    public void Audio_longer_than_max_audio_buffer_size_is_rejected_before_scanning()
    {
        var validator = AudioValidator.ForRecordings(new VoiceFlowOptions { MaxAudioBufferSize = 16000 });
        var samples = new float[32000];
        samples[0] = float.NaN; // would be repaired if it were scanned

        var error = Assert.Throws<AudioTooLongException>(() => validator.Validate(samples));

        Assert.Equal("Audio rejected (too long): 2.0 s (32000 samples at 16 kHz) exceeds max_audio_buffer_size 16000 samples (1.0 s).", error.Message);
        Assert.True(float.IsNaN(samples[0]));
    }

    [Fact]
    public void Audio_shorter_than_a_tenth_of_a_second_is_rejected()
    {
        var error = Assert.Throws<AudioValidationException>(() => Recording.Validate(TestSignals.Tone(800)));

        Assert.Equal("Audio rejected (too short): 0.050 s (800 samples) is below the 0.10 s (1600 samples) needed to transcribe.", error.Message);
    }

    [Fact]
    public void Reported_findings_do_not_reject_and_ignored_ones_are_not_reported()
    {
        var policy = AudioValidationPolicy.ForRecording with { TooShort = FindingAction.Report, DcOffset = FindingAction.Ignore };
        var validator = new AudioValidator(new AudioValidationLimits(), policy);

        var report = validator.Validate(TestSignals.Tone(800, dc: 0.3f));

        Assert.Equal(AudioFinding.TooShort, report.Findings);
    }

    [Fact]
    public void Findings_that_cannot_be_repaired_refuse_a_repair_action()
    {
        Assert.Throws<ArgumentException>(() => AudioValidationPolicy.ForRecording with { Clipping = FindingAction.Repair });
        Assert.Throws<ArgumentException>(() => new AudioValidationPolicy { TooLong = FindingAction.Repair });
    }

    [Fact]
    public void Invalid_max_audio_buffer_size_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => AudioValidator.ForRecordings(new VoiceFlowOptions { MaxAudioBufferSize = 0 }));
        Assert.Contains("max_audio_buffer_size", error.Message, StringComparison.Ordinal);
    }
}
