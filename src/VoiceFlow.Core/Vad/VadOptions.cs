using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Vad;

/// <summary>Settings of <see cref="EnergyVad"/>. Defaults were tuned on the synthesised corpus (docs/PERFORMANCE.md, "VAD accuracy").</summary>
public sealed record VadOptions
{
    /// <summary>Analysis frame length in milliseconds (10–30).</summary>
    public int FrameMilliseconds { get; init; } = 20;

    /// <summary>A frame starts speech when its energy is this many dB above the noise floor.</summary>
    public double StartThresholdDb { get; init; } = 5;

    /// <summary>While in speech, a frame continues it above this many dB over the floor (hysteresis: lower than the start threshold).</summary>
    public double ContinueThresholdDb { get; init; } = 4;

    /// <summary>The noise floor never goes below this level (dBFS), so digital silence does not make faint sounds look like speech.</summary>
    public double MinimumNoiseFloorDb { get; init; } = -60;

    /// <summary>Fraction of the distance to a quieter frame the floor moves per frame (fast fall).</summary>
    public double FloorFallRate { get; init; } = 0.5;

    /// <summary>Most the floor rises per frame outside speech, in dB (slow rise, so speech does not drag it up).</summary>
    public double FloorRiseDbPerFrame { get; init; } = 0.1;

    /// <summary>Most the floor rises per frame during speech, in dB.</summary>
    public double FloorRiseInSpeechDbPerFrame { get; init; } = 0.02;

    /// <summary>Loud stretches shorter than this (ms) are clicks, not speech.</summary>
    public int MinSpeechMilliseconds { get; init; } = 60;

    /// <summary>Pauses shorter than this (ms) do not end speech.</summary>
    public int MinSilenceMilliseconds { get; init; } = 100;

    /// <summary>Speech is extended by this much (ms) after its last loud frame, so word endings are kept.</summary>
    public int HangoverMilliseconds { get; init; } = 150;

    internal int FrameSamples => FrameMilliseconds * AudioFormat.RecognizerSampleRate / 1000;

    internal int FramesOf(int milliseconds) => (milliseconds + FrameMilliseconds - 1) / FrameMilliseconds;

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        Check(FrameMilliseconds is >= 10 and <= 30, "vad.frame_milliseconds", FrameMilliseconds, "10..30");
        Check(StartThresholdDb is > 0 and <= 60, "vad.start_threshold_db", StartThresholdDb, "(0, 60]");
        Check(ContinueThresholdDb > 0 && ContinueThresholdDb <= StartThresholdDb, "vad.continue_threshold_db", ContinueThresholdDb, "(0, start_threshold_db]");
        Check(MinimumNoiseFloorDb is >= -120 and <= 0, "vad.minimum_noise_floor_db", MinimumNoiseFloorDb, "-120..0");
        Check(FloorFallRate is > 0 and <= 1, "vad.floor_fall_rate", FloorFallRate, "(0, 1]");
        Check(FloorRiseDbPerFrame is >= 0 and <= 10, "vad.floor_rise_db_per_frame", FloorRiseDbPerFrame, "0..10");
        Check(FloorRiseInSpeechDbPerFrame is >= 0 and <= 10, "vad.floor_rise_in_speech_db_per_frame", FloorRiseInSpeechDbPerFrame, "0..10");
        Check(MinSpeechMilliseconds is >= 0 and <= 5000, "vad.min_speech_milliseconds", MinSpeechMilliseconds, "0..5000");
        Check(MinSilenceMilliseconds is >= 0 and <= 10000, "vad.min_silence_milliseconds", MinSilenceMilliseconds, "0..10000");
        Check(HangoverMilliseconds is >= 0 and <= 5000, "vad.hangover_milliseconds", HangoverMilliseconds, "0..5000");
    }

    private static void Check(bool ok, string key, double value, string allowed)
    {
        if (!ok)
        {
            throw new ConfigurationException($"{key} = {value} is out of range (allowed: {allowed})");
        }
    }
}
