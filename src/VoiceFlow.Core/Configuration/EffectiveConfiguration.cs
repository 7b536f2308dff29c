using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>The merged, validated configuration and where each value came from.</summary>
public sealed class EffectiveConfiguration
{
    internal EffectiveConfiguration(VoiceFlowOptions options, IReadOnlyDictionary<string, ConfigValueOrigin> origins,
        IReadOnlyList<string> filesRead, ConfigFileLocation configFile, IReadOnlyList<string> warnings)
    {
        Options = options;
        Origins = origins;
        FilesRead = filesRead;
        ConfigFile = configFile;
        Warnings = warnings;
    }

    /// <summary>The values every component reads.</summary>
    public VoiceFlowOptions Options { get; }

    /// <summary>For every option key (snake_case), the layer its effective value came from.</summary>
    public IReadOnlyDictionary<string, ConfigValueOrigin> Origins { get; }

    /// <summary>Full paths of the config files read (none when no file exists).</summary>
    public IReadOnlyList<string> FilesRead { get; }

    /// <summary>The config file location that was considered, whether or not it exists.</summary>
    public ConfigFileLocation ConfigFile { get; }

    /// <summary>Things worth telling the user that are not errors (e.g. a misspelt VOICEFLOW_ variable that was ignored).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Writes <c>{"files_read": [...], "warnings": [...], "options": {"key": {"value": v, "origin": "..."}, ...}}</c>,
    /// options in registry order (the shape <c>voiceflow config show --json</c> prints).
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("files_read");
        foreach (string file in FilesRead)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (string warning in Warnings)
        {
            writer.WriteStringValue(warning);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("options");
        foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All)
        {
            writer.WriteStartObject(option.Key);
            writer.WritePropertyName("value");
            WriteValue(writer, option.GetValue(Options));
            writer.WriteString("origin", Origins[option.Key].ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
