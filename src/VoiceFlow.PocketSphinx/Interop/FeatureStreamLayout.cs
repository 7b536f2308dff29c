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
