using Microsoft.Win32.SafeHandles;

namespace VoiceFlow.PulseAudio.Interop;

/// <summary>Owns a <c>pa_simple*</c>; freeing it closes the connection. A read in progress keeps it alive until it returns.</summary>
internal sealed class PulseSimpleHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PulseSimpleHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        PulseSimpleNative.Free(handle);
        return true;
    }
}
