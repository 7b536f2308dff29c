using System.Text;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Text;

/// <summary>
/// Whisper's token ids: the byte-level BPE pieces stored in the model file and the special tokens past them,
/// whose ids shift between English-only and multilingual models exactly as whisper.cpp computes them.
/// </summary>
public sealed class WhisperVocabulary
{
    private const int EnglishVocabularySize = 51864;
    private readonly byte[][] _tokenBytes;
    private readonly Dictionary<string, int> _idsByLatin1;

    /// <summary>Builds the vocabulary from a model's stored tokens and its header.</summary>
    /// <exception cref="ModelFormatException">The token count does not fit the header's vocabulary size.</exception>
    public WhisperVocabulary(IReadOnlyList<byte[]> tokenBytes, WhisperHyperParameters hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        ArgumentNullException.ThrowIfNull(hyperParameters);

        Size = hyperParameters.NVocab;
        IsMultilingual = hyperParameters.IsMultilingual;
        LanguageCount = Size - 51765 - (IsMultilingual ? 1 : 0);

        Eot = 50256;
        Sot = 50257;
        Translate = 50357;
        Transcribe = 50358;
        StartOfLm = 50359;
        Prev = 50360;
        NoSpeech = 50361;
        NoTimestamps = 50362;
        TimestampBegin = 50363;
        if (IsMultilingual)
        {
            // Multilingual vocabularies hold one more regular token and a variable number of language tokens.
            var shift = LanguageCount - 98;
            Eot++;
            Sot++;
            Translate += shift;
            Transcribe += shift;
            StartOfLm += shift;
            Prev += shift;
            NoSpeech += shift;
            NoTimestamps += shift;
            TimestampBegin += shift;
        }

        if (Size < EnglishVocabularySize || LanguageCount < 1 || LanguageCount > WhisperLanguages.Count)
        {
            throw new ModelFormatException(
                $"Whisper model header has n_vocab = {Size}; expected 51864 (English-only) or 51865..51866 (multilingual).");
        }

        if (tokenBytes.Count > Size)
        {
            throw new ModelFormatException(
                $"Whisper model stores {tokenBytes.Count} tokens but its header says n_vocab = {Size}.");
        }

        _tokenBytes = new byte[tokenBytes.Count][];
        _idsByLatin1 = new Dictionary<string, int>(tokenBytes.Count, StringComparer.Ordinal);
        for (var id = 0; id < tokenBytes.Count; id++)
        {
            var bytes = tokenBytes[id] ?? [];
            _tokenBytes[id] = bytes;

            // whisper.cpp keeps the last id for a repeated string (token_to_id[word] = i).
            _idsByLatin1[Encoding.Latin1.GetString(bytes)] = id;
        }
    }

    /// <summary>Number of token ids (n_vocab), i.e. the length of a logits row.</summary>
    public int Size { get; }

    /// <summary>Number of regular tokens stored in the file.</summary>
    public int StoredCount => _tokenBytes.Length;

    /// <summary>Whether the model is multilingual (language and task tokens are meaningful).</summary>
    public bool IsMultilingual { get; }

    /// <summary>Number of language tokens the model has (99 or 100).</summary>
    public int LanguageCount { get; }

    /// <summary>&lt;|endoftext|&gt;</summary>
    public int Eot { get; }

    /// <summary>&lt;|startoftranscript|&gt;</summary>
    public int Sot { get; }

    /// <summary>&lt;|translate|&gt;</summary>
    public int Translate { get; }

    /// <summary>&lt;|transcribe|&gt;</summary>
    public int Transcribe { get; }

    /// <summary>&lt;|startoflm|&gt; (speaker turn in tinydiarize models).</summary>
    public int StartOfLm { get; }

    /// <summary>&lt;|startofprev|&gt;: introduces the previous-text prompt.</summary>
    public int Prev { get; }

    /// <summary>&lt;|nospeech|&gt;</summary>
    public int NoSpeech { get; }

    /// <summary>&lt;|notimestamps|&gt;</summary>
    public int NoTimestamps { get; }

    /// <summary>The timestamp token for 0.00 s; each following id adds 0.02 s.</summary>
    public int TimestampBegin { get; }

    /// <summary>Whether <paramref name="id"/> is a timestamp token (including 0.00 s).</summary>
    public bool IsTimestamp(int id) => id >= TimestampBegin;

    /// <summary>Whether <paramref name="id"/> is a regular text token.</summary>
    public bool IsText(int id) => id >= 0 && id < Eot;

    /// <summary>Token id of the language at <paramref name="languageIndex"/> in <see cref="WhisperLanguages"/>.</summary>
    public int LanguageToken(int languageIndex) => Sot + 1 + languageIndex;

    /// <summary>Raw bytes of a stored token; empty for special tokens and ids out of range.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)_tokenBytes.Length ? _tokenBytes[id] : default;

    /// <summary>
    /// The token as whisper.cpp names it: the stored bytes as (possibly partial) UTF-8 for regular tokens, or
    /// "[_TT_n]", "[_EOT_]", "[_SOT_]", "[_LANG_xx]"... for special ones.
    /// </summary>
    public string TokenName(int id)
    {
        if ((uint)id < (uint)_tokenBytes.Length)
        {
            return Encoding.UTF8.GetString(_tokenBytes[id]);
        }

        if (id > TimestampBegin)
        {
            return $"[_TT_{id - TimestampBegin}]";
        }

        return id switch
        {
            _ when id == Eot => "[_EOT_]",
            _ when id == Sot => "[_SOT_]",
            _ when id == Translate => "[_TRANSLATE_]",
            _ when id == Transcribe => "[_TRANSCRIBE_]",
            _ when id == StartOfLm => "[_SOLM_]",
            _ when id == Prev => "[_PREV_]",
            _ when id == NoSpeech => "[_NOSP_]",
            _ when id == NoTimestamps => "[_NOT_]",
            _ when id == TimestampBegin => "[_BEG_]",
            _ when id > Sot && id <= Sot + LanguageCount => $"[_LANG_{WhisperLanguages.Code(id - Sot - 1)}]",
            _ => $"[_extra_token_{id}]",
        };
    }

    /// <summary>Looks up the id of a stored token by its exact bytes (as a Latin-1 string, one char per byte).</summary>
    internal bool TryGetId(string latin1Bytes, out int id) => _idsByLatin1.TryGetValue(latin1Bytes, out id);

    /// <summary>Looks up the id of a stored token whose bytes are the UTF-8 encoding of <paramref name="text"/>.</summary>
    public bool TryGetTextId(string text, out int id)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _idsByLatin1.TryGetValue(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text)), out id);
    }
}
