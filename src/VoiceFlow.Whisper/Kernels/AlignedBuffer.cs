using System.Runtime.InteropServices;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// A 64-byte aligned native float buffer that grows on demand and is owned by one workspace or
/// thread; the packed kernels need alignment and the hot loops must not allocate.
/// </summary>
internal sealed unsafe class AlignedBuffer : IDisposable
{
    private float* _data;

    public AlignedBuffer(long floats = 0) => Ensure(floats);

    ~AlignedBuffer() => Free();

    public long Capacity { get; private set; }

    public float* Pointer => _data;

    /// <summary>Returns a buffer of at least <paramref name="floats"/> floats (contents not kept on growth).</summary>
    public float* Ensure(long floats)
    {
        if (floats > Capacity)
        {
            Free();
            _data = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
            Capacity = floats;
        }

        return _data;
    }

    public Span<float> AsSpan(int floats) => new(Ensure(floats), floats);

    /// <summary>Returns the memory now; the buffer stays usable (the next <see cref="Ensure"/> allocates again).</summary>
    public void Release() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
            Capacity = 0;
        }
    }
}

/// <summary>Per-thread scratch for the packed kernels (A panels, dequantized rows), allocated once per thread.</summary>
internal static unsafe class ThreadScratch
{
    [ThreadStatic]
    private static AlignedBuffer? t_a;

    [ThreadStatic]
    private static AlignedBuffer? t_b;

    public static float* A(long floats) => (t_a ??= new AlignedBuffer()).Ensure(floats);

    public static float* B(long floats) => (t_b ??= new AlignedBuffer()).Ensure(floats);
}
