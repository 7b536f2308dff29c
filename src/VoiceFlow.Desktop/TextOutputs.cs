using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>Builds the text output the configuration names (<c>output</c>, <c>output_file</c> and the delivery settings).</summary>
public static class TextOutputs
{
    /// <summary>The output names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["stdout", "clipboard", "type", "file"];

    /// <summary>
    /// The output for <paramref name="options"/>.<see cref="VoiceFlowOptions.Output"/>. Tools are looked up when text is
    /// delivered (a missing tool is reported then, naming its package), so building an output never fails for that.
    /// </summary>
    /// <param name="options">The effective configuration.</param>
    /// <param name="stdout">Where the stdout output writes; null for <see cref="Console.Out"/>.</param>
    /// <param name="session">The desktop for clipboard and typing; null for the process's (<see cref="DesktopSession.Current"/>).</param>
    /// <param name="guard">Rate/length limits to share with other outputs; null for one from <paramref name="options"/>.</param>
    /// <exception cref="ConfigurationException">An unknown output, or output file without output_file.</exception>
    public static ITextOutput Create(VoiceFlowOptions options, TextWriter? stdout = null, DesktopSession? session = null, InjectionGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        guard ??= InjectionGuard.FromOptions(options);
        return options.Output switch
        {
            "stdout" => new StdoutTextOutput(stdout),
            "file" => new FileTextOutput(
                options.OutputFile ?? throw new ConfigurationException("output is 'file' but output_file is not set; set output_file to the file to append to"),
                ParseFileFormat(options.OutputFileFormat)),
            "clipboard" => new ClipboardTextOutput(session ?? DesktopSession.Current(), guard),
            "type" => new TypeTextOutput(session ?? DesktopSession.Current(), guard, ParseTypeMethod(options.TypeMethod), options.TypeKeyDelayMs, options.RestoreClipboard),
            _ => throw new ConfigurationException($"output '{options.Output}' is not known; use one of: {string.Join(", ", Names)}"),
        };
    }

    private static OutputFileFormat ParseFileFormat(string format) => format switch
    {
        "line" => OutputFileFormat.Line,
        "text" => OutputFileFormat.Text,
        _ => throw new ConfigurationException($"output_file_format '{format}' is not known; use line or text"),
    };

    private static TypeMethod ParseTypeMethod(string method) => method switch
    {
        "auto" => TypeMethod.Auto,
        "type" => TypeMethod.Type,
        "paste" => TypeMethod.Paste,
        _ => throw new ConfigurationException($"type_method '{method}' is not known; use auto, type or paste"),
    };
}
