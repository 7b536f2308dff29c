namespace VoiceFlow.Core.Vad.Silero;

/// <summary>An official Silero VAD release as the npm package @ricky0123/vad-web@0.0.31 ships it (snakers4/silero-vad, MIT).</summary>
/// <param name="Name">v5 or v6.</param>
/// <param name="FileName">The file's name in the package and in the models folder.</param>
/// <param name="Sha256">The file's SHA-256.</param>
public sealed record SileroModelVersion(string Name, string FileName, string Sha256)
{
    /// <summary>The npm package the models are installed from.</summary>
    public const string NpmPackage = "@ricky0123/vad-web@0.0.31";

    /// <summary>Silero VAD v5.</summary>
    public static SileroModelVersion V5 { get; } = new("v5", "silero_vad_v5.onnx", "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f");

    /// <summary>Silero VAD v6 (the default: fewer false alarms on noise).</summary>
    public static SileroModelVersion V6 { get; } = new("v6", "silero_vad_v6.onnx", "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3");

    /// <summary>Every known release, newest first.</summary>
    public static IReadOnlyList<SileroModelVersion> All { get; } = [V6, V5];

    /// <summary>The release called <paramref name="name"/> (v5, v6), or null.</summary>
    public static SileroModelVersion? FromName(string? name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The release whose file has this SHA-256, or null.</summary>
    public static SileroModelVersion? FromSha256(string sha256) =>
        All.FirstOrDefault(v => string.Equals(v.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

    /// <summary>Path of the package's file inside the npm tarball.</summary>
    public string PackagePath => "package/dist/" + FileName;
}
