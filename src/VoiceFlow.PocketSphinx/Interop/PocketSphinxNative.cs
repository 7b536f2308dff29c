using System.Runtime.InteropServices;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>
/// libpocketsphinx 5prealpha entry points. Strings the decoder returns (hypothesis, words) are owned by
/// the decoder and valid until its next call, so they come back as raw pointers and are copied at once.
/// </summary>
internal static partial class PocketSphinxNative
{
    /// <summary>The static argument table for <see cref="SphinxBaseNative.cmd_ln_parse_r"/> (library-owned, never freed).</summary>
    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial nint ps_args();

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial DecoderHandle ps_init(ConfigHandle config);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_free(nint decoder);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_lm_file(DecoderHandle decoder, string name, string path);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_jsgf_file(DecoderHandle decoder, string name, string path);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_kws(DecoderHandle decoder, string name, string keywordFile);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_keyphrase(DecoderHandle decoder, string name, string keyphrase);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_search(DecoderHandle decoder, string name);

    /// <summary>Resets per-stream channel state (noise estimate, frame counter) so earlier audio has no effect.</summary>
    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_start_stream(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_start_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static unsafe partial int ps_process_raw(DecoderHandle decoder, short* data, nuint sampleCount, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_end_utt(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial nint ps_get_hyp(DecoderHandle decoder, out int bestScore);

    /// <summary>Log posterior probability of the best hypothesis (needs the bestpath lattice).</summary>
    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_get_prob(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial SegmentIteratorHandle ps_seg_iter(DecoderHandle decoder);

    /// <summary>Advances; returns null and frees the iterator at the end.</summary>
    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial nint ps_seg_next(nint iterator);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial nint ps_seg_word(SegmentIteratorHandle iterator);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial void ps_seg_frames(SegmentIteratorHandle iterator, out int startFrame, out int endFrame);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial int ps_seg_prob(SegmentIteratorHandle iterator, out int acousticScore, out int languageScore, out int languageBackoff);

    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial void ps_seg_free(nint iterator);

    /// <summary>The decoder's feature extractor (decoder-owned, see <see cref="FeatureStreamLayout"/>).</summary>
    [LibraryImport(PocketSphinxLibrary.PocketSphinxName)]
    internal static partial nint ps_get_feat(DecoderHandle decoder);
}
