using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Store;

/// <summary>How a model file's checksum compared with the catalog.</summary>
public enum Sha1Check
{
    /// <summary>The file's name is not a catalog model, so there is nothing to compare with.</summary>
    NotInCatalog,

    /// <summary>The catalog model has no published SHA-1; size and header were checked instead.</summary>
    NotPublished,

    /// <summary>The SHA-1 equals the published one.</summary>
    Match,
}

/// <summary>What <see cref="ModelVerifier.VerifyAsync"/> found.</summary>
/// <param name="Header">The checked header.</param>
/// <param name="Catalog">The catalog entry matching the file name, or null.</param>
/// <param name="Sha1">SHA-1 of the file when it was computed, else null.</param>
/// <param name="Sha1Check">Outcome of the checksum comparison.</param>
public sealed record ModelVerification(GgmlModelHeader Header, WhisperModelInfo? Catalog, string? Sha1, Sha1Check Sha1Check);

/// <summary>Checks that a file is a sound whisper.cpp model and, when its name is a catalog model, that it is that model.</summary>
public static class ModelVerifier
{
    /// <summary>Size tolerance against the rounded published size when no checksum is published.</summary>
    public const double SizeTolerance = 0.10;

    /// <summary>Verifies <paramref name="path"/>; <paramref name="catalogName"/> defaults to the file name.</summary>
    /// <exception cref="ModelFormatException">Bad header, dimensions other than the named model's, wrong size or SHA-1.</exception>
    public static async Task<ModelVerification> VerifyAsync(string path, string? catalogName = null, CancellationToken cancellationToken = default)
    {
        var header = GgmlModelHeader.Read(path);
        var model = WhisperModelCatalog.Find(catalogName ?? path);
        if (model is null)
        {
            return new ModelVerification(header, null, null, Sha1Check.NotInCatalog);
        }

        CheckDimensions(path, header, model);
        if (model.Sha1 is null)
        {
            CheckApproximateSize(path, header.FileBytes, model);
            return new ModelVerification(header, model, null, Sha1Check.NotPublished);
        }

        string sha1 = await ModelDownloader.Sha1Async(path, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(sha1, model.Sha1, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFormatException($"{path}: SHA-1 {sha1} does not match the published {model.Sha1} of {model.Name}; the file is corrupt or a different model");
        }

        return new ModelVerification(header, model, sha1, Sha1Check.Match);
    }

    /// <summary>Throws when the header's dimensions are not those of <paramref name="model"/>.</summary>
    public static void CheckDimensions(string path, GgmlModelHeader header, WhisperModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(model);
        if (header.AudioState != model.AudioState || header.AudioLayers != model.AudioLayers || header.TextLayers != model.TextLayers
            || header.Mels != model.Mels || header.IsEnglishOnly != model.EnglishOnly)
        {
            throw new ModelFormatException(
                $"{path}: dimensions (state {header.AudioState}, {header.AudioLayers}+{header.TextLayers} layers, {header.Mels} mels, n_vocab {header.VocabularySize}) "
                + $"are not those of {model.Name} (state {model.AudioState}, {model.AudioLayers}+{model.TextLayers} layers, {model.Mels} mels, {(model.EnglishOnly ? "English-only" : "multilingual")})");
        }
    }

    /// <summary>Throws when <paramref name="bytes"/> is not within <see cref="SizeTolerance"/> of the published size.</summary>
    public static void CheckApproximateSize(string path, long bytes, WhisperModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Math.Abs(bytes - model.ApproximateBytes) > model.ApproximateBytes * SizeTolerance)
        {
            throw new ModelFormatException($"{path}: {bytes} bytes is not within 10 % of the published size of {model.Name} (about {model.ApproximateBytes / (1024 * 1024)} MiB)");
        }
    }
}
