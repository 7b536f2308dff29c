using Microsoft.Win32.SafeHandles;

namespace VoiceFlow.PocketSphinx.Interop;

/// <summary>
/// An owned <c>ps_seg_t*</c>. <c>ps_seg_next</c> frees the iterator itself when it runs out, so
/// <see cref="MoveNext"/> marks the handle invalid then instead of letting it be freed twice.
/// </summary>
internal sealed class SegmentIteratorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SegmentIteratorHandle() : base(ownsHandle: true) { }

    /// <summary>Advances to the next word; false when done (the native iterator is gone).</summary>
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(IsInvalid || IsClosed, this);
        var next = PocketSphinxNative.ps_seg_next(handle);
        if (next == 0)
        {
            SetHandleAsInvalid();
            return false;
        }

        SetHandle(next);
        return true;
    }

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.ps_seg_free(handle);
        return true;
    }
}
