using VoiceFlow.Whisper.Decoding;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>The fixture job of the search and allocation tests: speech10, English, no timestamps, no fallback, 2 threads.</summary>
internal static class FixtureJob
{
    public static float[] Speech10() => Fixtures.ReadFloats(Fixtures.Ref("common/speech10_16k.pcm.f32"));

    public static WhisperDecodingOptions Options(WhisperSamplingStrategy strategy) => new()
    {
        Language = "en",
        NoTimestamps = true,
        TemperatureIncrement = 0,
        CompressionRatioThreshold = null,
        Strategy = strategy,
        Threads = 2,
    };
}
