using Microsoft.Win32.SafeHandles;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>An owned <c>cmd_ln_t*</c>. The decoder retains its own reference, so this may be released after <c>ps_init</c>.</summary>
internal sealed class ConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConfigHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        SphinxBaseNative.cmd_ln_free_r(handle);
        return true;
    }
}
