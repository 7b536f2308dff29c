namespace VoiceFlow.Whisper.Store;

/// <summary>One published whisper.cpp ggml model.</summary>
/// <param name="Name">Name as used on the command line ("tiny.en", "large-v3-q5_0").</param>
/// <param name="ApproximateBytes">Size as published (rounded, e.g. "75 MiB"); a download must be within 10 % of it.</param>
/// <param name="Sha1">SHA-1 published in whisper.cpp's models/README.md, or null where none is published.</param>
/// <param name="AudioState">Expected <c>n_audio_state</c> (384 tiny, 512 base, 768 small, 1024 medium, 1280 large).</param>
/// <param name="AudioLayers">Expected <c>n_audio_layer</c>.</param>
/// <param name="TextLayers">Expected <c>n_text_layer</c> (4 for large-v3-turbo).</param>
/// <param name="Mels">Expected <c>n_mels</c> (128 for large-v3 and turbo, else 80).</param>
/// <param name="EnglishOnly">Whether the model is an <c>.en</c> model (n_vocab 51864).</param>
public sealed record WhisperModelInfo(
    string Name,
    long ApproximateBytes,
    string? Sha1,
    int AudioState,
    int AudioLayers,
    int TextLayers,
    int Mels,
    bool EnglishOnly)
{
    /// <summary>Where whisper.cpp's download script fetches models from.</summary>
    public const string PublicHost = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    /// <summary>File name on disk and on the host: <c>ggml-NAME.bin</c>.</summary>
    public string FileName => $"ggml-{Name}.bin";

    /// <summary>Download address on the public host.</summary>
    public Uri Url => new(PublicHost + FileName);

    /// <summary>Whether the weights are quantized (name ends in -q5_0, -q5_1, -q8_0...).</summary>
    public bool IsQuantized => Name.Contains("-q", StringComparison.Ordinal);
}
