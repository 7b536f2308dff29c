using System.Runtime.InteropServices;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>
/// The public prefix of sphinxbase 5prealpha's <c>struct feat_s</c> (feat.h) up to <c>cmn_struct</c>,
/// and <c>cmn_t</c> (cmn.h). Needed because live cepstral mean normalisation keeps its running mean in
/// the decoder between utterances and the library has no call to reset it: we read the <c>cmn_t*</c>
/// and restart it with <see cref="SphinxBaseNative.cmn_live_set"/>. The layout is checked at start-up
/// (<see cref="TryGetCepstralMean"/>) against values we know, so another version fails cleanly.
/// </summary>
internal static class FeatureStreamLayout
{
    [StructLayout(LayoutKind.Sequential)]
    private struct FeatPrefix
    {
        public int RefCount;
        public nint Name;
        public int CepSize;
        public int StreamCount;
        public nint StreamLengths;
        public int WindowSize;
        public int SubvectorCount;
        public nint SubvectorLengths;
        public nint Subvectors;
        public nint SubvectorBuffer;
        public int SubvectorDimension;
        public int CmnType;
        public int VarianceNormalization;
        public int AgcType;
        public nint ComputeFeature;
        public nint CmnStruct;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CmnPrefix
    {
        public nint Mean;
        public nint Variance;
        public nint Sum;
        public int FrameCount;
        public int VectorLength;
    }

    /// <summary>
    /// The feature computation's CMN type (<c>fcb-&gt;cmn</c>). Feeding audio in blocks switches a batch-CMN decoder to
    /// live CMN for good (sphinxbase's feat_cmn); a stream reads the type first and puts it back after, so the decoder's
    /// whole-utterance jobs keep their batch mean. Only for a <paramref name="feat"/> <see cref="TryGetCepstralMean"/> accepted.
    /// </summary>
    public static unsafe int GetCmnType(nint feat) => ((FeatPrefix*)feat)->CmnType;

    /// <summary>Puts back a CMN type read by <see cref="GetCmnType"/>.</summary>
    public static unsafe void SetCmnType(nint feat, int cmnType) => ((FeatPrefix*)feat)->CmnType = cmnType;

    /// <summary>The running CMN's frame count (<c>cmn-&gt;nframe</c>) of a <c>cmn_t*</c> from <see cref="TryGetCepstralMean"/>.</summary>
    public static unsafe int FrameCount(nint cmn) => ((CmnPrefix*)cmn)->FrameCount;

    /// <summary>The running CMN's sum (<c>cmn-&gt;sum</c>, mfcc_t is float in this build), valid while the decoder lives.</summary>
    public static unsafe ReadOnlySpan<float> Sum(nint cmn, int length) => new((void*)((CmnPrefix*)cmn)->Sum, length);

    /// <summary>Finds the decoder's <c>cmn_t*</c> if the structures look as expected for <paramref name="cepstrumLength"/>.</summary>
    public static unsafe bool TryGetCepstralMean(nint feat, int cepstrumLength, out nint cmn)
    {
        cmn = 0;
        if (feat == 0)
        {
            return false;
        }

        var prefix = *(FeatPrefix*)feat;
        if (prefix.RefCount < 1 || prefix.CepSize != cepstrumLength || prefix.CmnStruct == 0)
        {
            return false;
        }

        var cmnPrefix = *(CmnPrefix*)prefix.CmnStruct;
        if (cmnPrefix.VectorLength != cepstrumLength || cmnPrefix.Mean == 0 || cmnPrefix.Sum == 0)
        {
            return false;
        }

        cmn = prefix.CmnStruct;
        return true;
    }
}
