using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Delivery;

/// <summary>Where dictated text goes and how it is put there (the configuration's delivery section).</summary>
public sealed record DeliveryOptions
{
    /// <summary>output: "stdout", "clipboard", "type" or "file".</summary>
    public string Output { get; init; } = "stdout";

    /// <summary>output_file: the file appended to when <see cref="Output"/> is "file".</summary>
    public string? OutputFile { get; init; }

    /// <summary>output_file_format: "line" (one dictation per line) or "text" (running text).</summary>
    public string OutputFileFormat { get; init; } = "line";

    /// <summary>type_method: "auto", "type" or "paste".</summary>
    public string TypeMethod { get; init; } = "auto";

    /// <summary>type_key_delay_ms: delay between typed keys.</summary>
    public TimeSpan TypeKeyDelay { get; init; } = TimeSpan.FromMilliseconds(4);

    /// <summary>injection_interval_ms: shortest time between two injections into the desktop.</summary>
    public TimeSpan InjectionInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>injection_max_chars: longest text typed or pasted in one injection.</summary>
    public int InjectionMaxChars { get; init; } = 4000;

    /// <summary>restore_clipboard: after pasting through the clipboard, put back what it held before.</summary>
    public bool RestoreClipboard { get; init; } = true;

    /// <summary>
    /// append_trailing_space: end each delivered text with a space so consecutive dictations do not run together
    /// (desktop outputs and running-text files; stdout and line files already separate them by lines).
    /// </summary>
    public bool AppendTrailingSpace { get; init; } = true;

    /// <summary>The settings the configuration asks for.</summary>
    public static DeliveryOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DeliveryOptions
        {
            Output = options.Output,
            OutputFile = options.OutputFile,
            OutputFileFormat = options.OutputFileFormat,
            TypeMethod = options.TypeMethod,
            TypeKeyDelay = TimeSpan.FromMilliseconds(options.TypeKeyDelayMs),
            InjectionInterval = TimeSpan.FromMilliseconds(options.InjectionIntervalMs),
            InjectionMaxChars = options.InjectionMaxChars,
            RestoreClipboard = options.RestoreClipboard,
            AppendTrailingSpace = options.AppendTrailingSpace,
        };
    }
}
