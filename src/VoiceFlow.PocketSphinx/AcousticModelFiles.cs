using System.Buffers.Binary;
using System.Text;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// Structural checks of an acoustic model's files before the library reads them: the library answers a
/// truncated or foreign file with <c>E_FATAL</c>, which exits the whole process. Sphinx-3 parameter files
/// are a text header ("s3" ... "endhdr"), a byte-order word, dimensions, a float count and the floats
/// (plus a checksum word when the header says <c>chksum0 yes</c>), so their exact size is known.
/// </summary>
internal static class AcousticModelFiles
{
    private const uint ByteOrderMagic = 0x11223344;
    private const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Throws <see cref="ModelFormatException"/> naming the first damaged file.</summary>
    public static void Check(string acousticModel)
    {
        CheckModelDefinition(Path.Combine(acousticModel, "mdef"));
        CheckParameterFile(Path.Combine(acousticModel, "means"), GaussianDimensions);
        CheckParameterFile(Path.Combine(acousticModel, "variances"), GaussianDimensions);
        CheckParameterFile(Path.Combine(acousticModel, "transition_matrices"), ThreeDimensions);
        var mixtureWeights = Path.Combine(acousticModel, "mixture_weights");
        if (File.Exists(mixtureWeights))
        {
            CheckParameterFile(mixtureWeights, ThreeDimensions);
        }
    }

    // means/variances: n_mgau, n_feat, n_density, then one vector length per feature stream.
    private static int GaussianDimensions(ReadOnlySpan<byte> body, bool swap) =>
        body.Length < 8 ? -1 : 3 + ReadInt32(body[4..], swap);

    private static int ThreeDimensions(ReadOnlySpan<byte> body, bool swap) => 3;

    private static void CheckModelDefinition(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length
            || (!start.SequenceEqual("BMDF"u8) && !start[..3].SequenceEqual("0.3"u8)))
        {
            throw Damaged(path, "it is not a Sphinx model definition (binary BMDF or text 0.3)");
        }
    }

    private static void CheckParameterFile(string path, Func<ReadOnlySpan<byte>, bool, int> dimensionCount)
    {
        var length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        var head = new byte[(int)Math.Min(length, MaxHeaderBytes)];
        stream.ReadExactly(head);
        var text = Encoding.ASCII.GetString(head);
        var endHeader = text.IndexOf("endhdr\n", StringComparison.Ordinal);
        if (!text.StartsWith("s3\n", StringComparison.Ordinal) || endHeader < 0)
        {
            throw Damaged(path, "it has no Sphinx-3 parameter header (s3 ... endhdr)");
        }

        var checksum = text.AsSpan(0, endHeader).Contains("chksum0 yes", StringComparison.Ordinal) ? 4L : 0L;
        var bodyStart = endHeader + "endhdr\n".Length;
        var body = head.AsSpan(bodyStart);
        if (body.Length < 4)
        {
            throw Damaged(path, "it ends inside its header");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (magic != ByteOrderMagic && magic != BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
        {
            throw Damaged(path, "its byte-order word is wrong");
        }

        var swap = magic != ByteOrderMagic;
        var dims = body[4..];
        var count = dimensionCount(dims, swap);
        if (count is < 1 or > 64 || dims.Length < (count + 1) * 4)
        {
            throw Damaged(path, "its dimensions are unreadable");
        }

        var floats = ReadInt32(dims[(count * 4)..], swap);
        var expected = bodyStart + 4L + ((count + 1) * 4L) + (floats * 4L) + checksum;
        if (floats < 0 || expected != length)
        {
            throw Damaged(path, $"it is truncated or padded ({length} bytes, its header describes {expected})");
        }
    }

    private static int ReadInt32(ReadOnlySpan<byte> bytes, bool swap) =>
        swap ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes);

    private static ModelFormatException Damaged(string path, string why) =>
        new($"PocketSphinx acoustic model file '{path}' is damaged: {why}");
}
