using System.Text.Json;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// Reads a JSON config file into validated assignments. Keys may be flat (<c>"beam_size": 1</c>) or nested one
/// level under a section object (<c>"optimizations": {...}</c>, <c>"monitoring": {...}</c>: the seed's
/// performance_test_config.json shape). Comments and trailing commas are allowed; a key set twice is an error.
/// </summary>
internal static class ConfigurationFileReader
{
    /// <summary>Config files are small; anything larger is a mistake, refused before reading it into memory.</summary>
    public const long MaxFileBytes = 1 << 20;

    private static readonly JsonDocumentOptions s_jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    public static List<ConfigAssignment> Read(string path)
    {
        var origin = ConfigValueOrigin.File(path);
        byte[] bytes = ReadBytes(path, origin);
        using JsonDocument document = Parse(bytes, origin);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{origin.Describe()}: the top level must be a JSON object ({{ \"key\": value, ... }})");
        }

        var assignments = new List<ConfigAssignment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && VoiceFlowOptionRegistry.Sections.Contains(property.Name))
            {
                foreach (JsonProperty nested in property.Value.EnumerateObject())
                {
                    assignments.Add(ReadOption(nested, property.Name + "." + nested.Name, origin, seen));
                }
            }
            else
            {
                assignments.Add(ReadOption(property, property.Name, origin, seen));
            }
        }

        return assignments;
    }

    private static ConfigAssignment ReadOption(JsonProperty property, string keyPath, ConfigValueOrigin origin, HashSet<string> seen)
    {
        OptionDescriptor option = VoiceFlowOptionRegistry.Find(property.Name)
            ?? throw new ConfigurationException(
                $"{origin.Describe()}: unknown key '{keyPath}'{ClosestMatch.Hint(property.Name, VoiceFlowOptionRegistry.All.Select(o => o.Key).Concat(VoiceFlowOptionRegistry.Sections))}; see 'voiceflow config show' for the known keys");
        if (!seen.Add(option.Key))
        {
            throw new ConfigurationException($"{origin.Describe()}: {keyPath} is set more than once; allowed: each key once, flat or in one section");
        }

        if (!option.TryParseJson(property.Value, out object? value, out string problem))
        {
            string raw = property.Value.GetRawText();
            throw ConfigAssignment.Invalid(origin, keyPath, option, raw.Length <= 60 ? raw : raw[..57] + "...", problem);
        }

        return new ConfigAssignment(option, value, origin);
    }

    private static byte[] ReadBytes(string path, ConfigValueOrigin origin)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                throw new ConfigurationException($"{origin.Describe()}: is {stream.Length} bytes; allowed: at most {MaxFileBytes} bytes");
            }

            byte[] bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{origin.Describe()}: cannot be read: {ex.Message}", ex);
        }
    }

    private static JsonDocument Parse(byte[] bytes, ConfigValueOrigin origin)
    {
        // Editors on Windows save UTF-8 with a byte-order mark, which the JSON reader does not skip.
        ReadOnlyMemory<byte> json = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes;
        try
        {
            return JsonDocument.Parse(json, s_jsonOptions);
        }
        catch (JsonException ex)
        {
            // The reader's message ends with its own 0-based position; report 1-based line and column instead.
            string reason = ex.Message;
            int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (position >= 0 ? reason[..position] : reason).TrimEnd('.', ' ');
            throw new ConfigurationException(
                $"{origin.Describe()}: malformed JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: {reason}", ex);
        }
    }
}
