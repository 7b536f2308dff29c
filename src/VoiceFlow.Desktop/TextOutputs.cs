using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>Builds the text output the configuration names (<c>output</c>, <c>output_file</c> and the delivery settings).</summary>
public static class TextOutputs
{
    /// <summary>The output names <c>Create</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["stdout", "clipboard", "type", "file"];

    /// <summary>The output for <paramref name="options"/>' delivery settings (see <see cref="Create(DeliveryOptions, TextWriter?, DesktopSession?, InjectionGuard?)"/>).</summary>
    /// <exception cref="ConfigurationException">An unknown output, or output file without output_file.</exception>
    public static ITextOutput Create(VoiceFlowOptions options, TextWriter? stdout = null, DesktopSession? session = null, InjectionGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(DeliveryOptions.From(options), stdout, session, guard);
    }

    /// <summary>
    /// The output <paramref name="options"/>.<see cref="DeliveryOptions.Output"/> names. Tools are looked up when text is
    /// delivered (a missing tool is reported then, naming its package), so building an output never fails for that.
    /// With append_trailing_space, desktop outputs and running-text files get a space after each text.
    /// </summary>
    /// <param name="options">The delivery settings.</param>
    /// <param name="stdout">Where the stdout output writes; null for <see cref="Console.Out"/>.</param>
    /// <param name="session">The desktop for clipboard and typing; null for the process's (<see cref="DesktopSession.Current"/>).</param>
    /// <param name="guard">Rate/length limits to share with other outputs; null for one from <paramref name="options"/>.</param>
    /// <exception cref="ConfigurationException">An unknown output, or output file without output_file.</exception>
    public static ITextOutput Create(DeliveryOptions options, TextWriter? stdout = null, DesktopSession? session = null, InjectionGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        guard ??= new InjectionGuard(options.InjectionInterval, options.InjectionMaxChars);
        ITextOutput output = options.Output switch
        {
            "stdout" => new StdoutTextOutput(stdout),
            "file" => new FileTextOutput(
                options.OutputFile ?? throw new ConfigurationException("output is 'file' but output_file is not set; set output_file to the file to append to"),
                ParseFileFormat(options.OutputFileFormat)),
            "clipboard" => new ClipboardTextOutput(session ?? DesktopSession.Current(), guard),
            "type" => new TypeTextOutput(session ?? DesktopSession.Current(), guard, ParseTypeMethod(options.TypeMethod), (int)options.TypeKeyDelay.TotalMilliseconds, options.RestoreClipboard),
            _ => throw new ConfigurationException($"output '{options.Output}' is not known; use one of: {string.Join(", ", Names)}"),
        };
        bool separatedByLines = options.Output == "stdout" || (options.Output == "file" && options.OutputFileFormat == "line");
        return options.AppendTrailingSpace && !separatedByLines ? new TrailingSpaceTextOutput(output) : output;
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
