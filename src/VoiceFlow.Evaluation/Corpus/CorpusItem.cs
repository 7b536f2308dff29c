namespace VoiceFlow.Evaluation.Corpus;

/// <summary>What a corpus item is made of.</summary>
public enum CorpusItemKind
{
    /// <summary>One sentence synthesised by flite, no added noise.</summary>
    Clean,

    /// <summary>A clean item padded with silence and mixed with synthetic noise at a known SNR.</summary>
    Noisy,

    /// <summary>Several clean sentences joined with silences (30–60 s), for chunking tests.</summary>
    Long,

    /// <summary>A human recording shipped by Debian's pocketsphinx-testdata.</summary>
    Recorded,
}

/// <summary>One sentence's place inside a <see cref="CorpusItemKind.Long"/> item.</summary>
/// <param name="StartSample">First sample of the sentence at 16 kHz.</param>
/// <param name="EndSample">One past its last sample.</param>
/// <param name="Text">What is said there.</param>
public sealed record CorpusSpan(long StartSample, long EndSample, string Text);

/// <summary>One audio file of the speech corpus with what is said in it.</summary>
/// <param name="Id">Stable identifier (e.g. <c>s05-rms</c>, <c>s05-rms-white10db</c>, <c>long1</c>).</param>
/// <param name="Path">Absolute path of the audio file.</param>
/// <param name="ReferenceText">What is said, as written in the sentence list or transcript.</param>
/// <param name="Voice">flite voice, or <c>human</c> for recordings.</param>
/// <param name="Kind">How the item was made.</param>
/// <param name="DurationSeconds">Length of the audio.</param>
public sealed record CorpusItem(
    string Id,
    string Path,
    string ReferenceText,
    string Voice,
    CorpusItemKind Kind,
    double DurationSeconds)
{
    /// <summary>Noise kind mixed in (<c>whitenoise</c> or <c>pinknoise</c>), or null.</summary>
    public string? Noise { get; init; }

    /// <summary>Speech-to-noise ratio of the mix in dB (active speech level over noise RMS), or null.</summary>
    public double? SnrDb { get; init; }

    /// <summary>For a noisy item: the id of the clean item it was made from.</summary>
    public string? SourceId { get; init; }

    /// <summary>For a noisy item: samples of silence put before the clean speech (the same amount follows it).</summary>
    public int PaddingSamples { get; init; }

    /// <summary>Whether the file holds headerless signed 16-bit little-endian samples at 16 kHz instead of a WAV file.</summary>
    public bool IsRawPcm { get; init; }

    /// <summary>For a long item: where each sentence lies.</summary>
    public IReadOnlyList<CorpusSpan> Spans { get; init; } = [];

    /// <summary>Reads the item's audio as mono float samples at 16 kHz in [-1, 1).</summary>
    public float[] LoadSamples() => IsRawPcm ? Pcm16Wave.ReadRaw(Path) : Pcm16Wave.Read(Path);
}
