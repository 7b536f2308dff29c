using VoiceFlow.Core.Engines;

namespace VoiceFlow.PocketSphinx;

/// <summary>What one decode produced, copied out of native memory.</summary>
/// <param name="Text">The best hypothesis (fillers and alternate-pronunciation markers removed by the library).</param>
/// <param name="Confidence">Posterior probability of the hypothesis in [0, 1], or NaN when the search has none.</param>
/// <param name="Words">Recognised words with times; silence and fillers left out.</param>
internal sealed record DecodeResult(string Text, float Confidence, IReadOnlyList<WordTiming> Words)
{
    public static DecodeResult Empty { get; } = new(string.Empty, float.NaN, []);
}
