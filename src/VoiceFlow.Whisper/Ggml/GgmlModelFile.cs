using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;
using Microsoft.Win32.SafeHandles;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>
/// A whisper.cpp ggml model file, read into memory (or mapped, see <see cref="GgmlFileAccess"/>): header,
/// hyper-parameters, mel filters, vocabulary and tensors (which point into that memory in their compact type). Every size
/// and offset is checked against the file length before it is used, so a corrupt or truncated file
/// fails with a <see cref="ModelFormatException"/> and never causes a large allocation.
/// </summary>
public sealed unsafe class GgmlModelFile : IDisposable
{
    /// <summary>The magic number "ggml" as stored (little-endian uint32).</summary>
    public const uint Magic = 0x67676d6c;

    private readonly MemoryMappedFile? _mapping;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly NativeFileBuffer? _buffer;
    private readonly Dictionary<string, GgmlTensor> _tensors;
    private byte* _pointer;

    private GgmlModelFile(string path, MemoryMappedFile? mapping, MemoryMappedViewAccessor? view, NativeFileBuffer? buffer, byte* pointer, long length)
    {
        Path = path;
        _mapping = mapping;
        _view = view;
        _buffer = buffer;
        _pointer = pointer;
        FileLength = length;
        _tensors = new Dictionary<string, GgmlTensor>(StringComparer.Ordinal);
        HyperParameters = null!;
        MelFilters = [];
        TokenBytes = [];
    }

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>File size in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Hyper-parameters, validated.</summary>
    public WhisperHyperParameters HyperParameters { get; private set; }

    /// <summary>Mel filter bank, <c>[n_mel][n_fft]</c> row-major (n_fft = 201).</summary>
    public float[] MelFilters { get; private set; }

    /// <summary>Number of FFT bins per filter (201).</summary>
    public int MelFilterBins { get; private set; }

    /// <summary>Raw bytes of each token stored in the file.</summary>
    public IReadOnlyList<byte[]> TokenBytes { get; private set; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, GgmlTensor> Tensors => _tensors;

    /// <summary>Opens and parses <paramref name="path"/>; validates hyper-parameters and every tensor's shape.</summary>
    /// <param name="path">A whisper.cpp ggml model file.</param>
    /// <param name="access">Read the file into memory (default: the model no longer depends on the file) or map it.</param>
    /// <exception cref="ModelFormatException">The file is missing, unreadable or not a valid whisper.cpp ggml model.</exception>
    public static GgmlModelFile Open(string path, GgmlFileAccess access = GgmlFileAccess.CopyIntoMemory)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle;
        long length;
        try
        {
            // Shared for delete and write: another program may replace the file while we read it; we notice.
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = RandomAccess.GetLength(handle);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException($"model file not found: {path}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFormatException($"cannot read model file {path}: {e.Message}", e);
        }

        using (handle)
        {
            if (length < 4 + 11 * 4)
            {
                throw new ModelFormatException($"model file {path} is {length} bytes, too small for a ggml header (truncated?)");
            }

            CheckMagic(handle, path);
            return access == GgmlFileAccess.MemoryMap ? Map(path, handle, length) : Copy(path, handle, length);
        }
    }

    /// <summary>Refuses a file that is not a ggml model before sizing anything by it.</summary>
    private static void CheckMagic(SafeFileHandle handle, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        if (RandomAccess.Read(handle, magic, 0) < 4 || BinaryPrimitives.ReadUInt32LittleEndian(magic) != Magic)
        {
            throw new ModelFormatException($"bad magic 0x{BinaryPrimitives.ReadUInt32LittleEndian(magic):x8} (not a whisper.cpp ggml model) in {path}");
        }
    }

    private static GgmlModelFile Copy(string path, SafeFileHandle handle, long length)
    {
        NativeFileBuffer buffer;
        try
        {
            buffer = NativeFileBuffer.Read(handle, length, path);
        }
        catch (IOException e)
        {
            throw new ModelFormatException($"cannot read model file {path}: {e.Message}", e);
        }

        var file = new GgmlModelFile(path, null, null, buffer, buffer.Pointer, length);
        try
        {
            file.Parse();
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static GgmlModelFile Map(string path, SafeFileHandle handle, long length)
    {
        MemoryMappedFile? mapping = null;
        MemoryMappedViewAccessor? view = null;
        GgmlModelFile? file = null;
        try
        {
            mapping = MemoryMappedFile.CreateFromFile(
                new FileStream(handle, FileAccess.Read), null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            file = new GgmlModelFile(path, mapping, view, null, pointer, length);
            file.Parse();
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Release(file, view, mapping);
            throw new ModelFormatException($"cannot map model file {path}: {e.Message}", e);
        }
        catch
        {
            Release(file, view, mapping);
            throw;
        }
    }

    private static void Release(GgmlModelFile? file, MemoryMappedViewAccessor? view, MemoryMappedFile? mapping)
    {
        if (file is not null)
        {
            file.Dispose();
            return;
        }

        view?.Dispose();
        mapping?.Dispose();
    }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="ModelFormatException">It is missing.</exception>
    public GgmlTensor Tensor(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new ModelFormatException($"missing tensor {name} in {Path}");

    private void Parse()
    {
        var reader = new GgmlReader(_pointer, FileLength, Path);
        uint magic = reader.ReadUInt32("magic");
        if (magic != Magic)
        {
            reader.Fail($"bad magic 0x{magic:x8} (not a whisper.cpp ggml model)");
        }

        var hp = new WhisperHyperParameters(
            reader.ReadInt32("n_vocab"), reader.ReadInt32("n_audio_ctx"), reader.ReadInt32("n_audio_state"),
            reader.ReadInt32("n_audio_head"), reader.ReadInt32("n_audio_layer"), reader.ReadInt32("n_text_ctx"),
            reader.ReadInt32("n_text_state"), reader.ReadInt32("n_text_head"), reader.ReadInt32("n_text_layer"),
            reader.ReadInt32("n_mels"), reader.ReadInt32("ftype"));
        HyperParameterRules.Validate(hp, Path);
        HyperParameters = hp;

        int nMel = reader.ReadInt32("mel filters n_mel");
        int nFft = reader.ReadInt32("mel filters n_fft");
        HyperParameterRules.ValidateMelFilters(nMel, nFft, hp.NMels, Path);

        var filterBytes = reader.ReadBytes((long)nMel * nFft * 4, "mel filters data");
        MelFilters = new float[nMel * nFft];
        filterBytes.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(MelFilters.AsSpan()));
        MelFilterBins = nFft;

        int count = reader.ReadInt32("vocabulary count");
        if (count < 0 || count > hp.NVocab)
        {
            reader.Fail($"vocabulary count {count} is outside 0..n_vocab ({hp.NVocab})");
        }

        // Each token needs at least its 4-byte length: check the claim against the file before allocating.
        reader.Require((long)count * 4, "vocabulary");
        var tokens = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            uint len = reader.ReadUInt32("vocabulary token length");
            if (len > 1024)
            {
                reader.Fail($"vocabulary token {i}: length {len} exceeds 1024 bytes");
            }

            tokens[i] = reader.ReadBytes(len, $"vocabulary token {i}").ToArray();
        }

        TokenBytes = tokens;
        ReadTensors(ref reader);
        WhisperTensorShapes.Validate(this);
    }

    private void ReadTensors(ref GgmlReader reader)
    {
        const int maxTensors = 100_000;
        while (reader.Remaining > 0)
        {
            if (_tensors.Count >= maxTensors)
            {
                reader.Fail($"more than {maxTensors} tensors");
            }

            long headerOffset = reader.Position;
            string where = $"tensor header at offset {headerOffset}";
            int nDims = reader.ReadInt32(where + " n_dims");
            int nameLength = reader.ReadInt32(where + " name length");
            int typeId = reader.ReadInt32(where + " type");
            if (nDims is < 1 or > 4)
            {
                reader.Fail($"{where}: n_dims {nDims} is outside 1..4");
            }

            if (nameLength is < 1 or > 256)
            {
                reader.Fail($"{where}: name length {nameLength} is outside 1..256");
            }

            var ne = new long[] { 1, 1, 1, 1 };
            for (int i = 0; i < nDims; i++)
            {
                int d = reader.ReadInt32($"{where} dim {i}");
                if (d is < 1 or > 1 << 24)
                {
                    reader.Fail($"{where}: dim {i} = {d} is outside 1..{1 << 24}");
                }

                ne[i] = d;
            }

            string name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength, where + " name"));
            if (!GgmlTypeInfo.IsSupported(typeId))
            {
                reader.Fail($"tensor {name}: unknown tensor type {typeId}");
            }

            var type = (GgmlType)typeId;
            if (ne[0] % GgmlTypeInfo.BlockElements(type) != 0)
            {
                reader.Fail($"tensor {name}: row length {ne[0]} is not a multiple of the {type} block size");
            }

            // Multiply one dim at a time against what is left of the file: four dims of up to 2^24 can
            // overflow 64 bits, and a wrapped (negative) size would move the cursor before the mapping.
            long bytes = GgmlTypeInfo.RowBytes(type, ne[0]);
            for (int i = 1; i < 4 && bytes <= reader.Remaining; i++)
            {
                bytes = bytes > reader.Remaining / ne[i] ? long.MaxValue : bytes * ne[i];
            }

            if (bytes > reader.Remaining)
            {
                reader.Fail($"tensor {name}: data ends past end of file (truncated?)");
            }

            long dataOffset = reader.Skip(bytes, $"tensor {name} data");
            if (!_tensors.TryAdd(name, new GgmlTensor(name, type, ne, dataOffset, bytes, reader.Pointer(dataOffset))))
            {
                reader.Fail($"tensor {name}: appears twice");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pointer != null && _view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _pointer = null;
        _view?.Dispose();
        _mapping?.Dispose();
        _buffer?.Dispose();
    }
}
