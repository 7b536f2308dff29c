using Microsoft.Win32.SafeHandles;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>An owned <c>ps_decoder_t*</c> (acoustic model, dictionary and searches).</summary>
internal sealed class DecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DecoderHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.ps_free(handle);
        return true;
    }
}
