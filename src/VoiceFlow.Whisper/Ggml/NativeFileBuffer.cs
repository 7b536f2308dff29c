using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>A file's bytes read into 64-byte-aligned native memory (freed when the handle is released).</summary>
internal sealed unsafe class NativeFileBuffer : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Bytes read per call (a span cannot exceed 2 GB).</summary>
    private const int ChunkBytes = 1 << 24;

    private NativeFileBuffer(nint memory, long length)
        : base(ownsHandle: true)
    {
        SetHandle(memory);
        Length = length;
    }

    public long Length { get; }

    public byte* Pointer => (byte*)handle;

    /// <summary>
    /// Reads all of <paramref name="file"/> (its length taken from the open handle, so a file replaced in between
    /// cannot be mixed in). A file that shrinks while being read is an error, not a short model.
    /// </summary>
    public static NativeFileBuffer Read(SafeFileHandle file, long length, string path)
    {
        void* memory;
        try
        {
            memory = NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), 64);
        }
        catch (OutOfMemoryException e)
        {
            throw new EngineException($"not enough memory to load model file {path} ({length} bytes); try the memory-mapped load", e);
        }

        var buffer = new NativeFileBuffer((nint)memory, length);
        try
        {
            long done = 0;
            while (done < length)
            {
                int chunk = (int)Math.Min(ChunkBytes, length - done);
                int read = RandomAccess.Read(file, new Span<byte>((byte*)memory + done, chunk), done);
                if (read == 0)
                {
                    throw new ModelFormatException($"model file {path} shrank while it was being read ({done} of {length} bytes); was it being replaced?");
                }

                done += read;
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
