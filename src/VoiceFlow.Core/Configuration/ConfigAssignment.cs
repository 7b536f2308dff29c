using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>One validated value from one source, before the layers are merged.</summary>
internal sealed record ConfigAssignment(OptionDescriptor Option, object? Value, ConfigValueOrigin Origin)
{
    /// <summary>Parses <paramref name="text"/> for <paramref name="option"/> or throws the one-line error naming source, key and range.</summary>
    public static ConfigAssignment FromText(OptionDescriptor option, string text, ConfigValueOrigin origin) =>
        option.TryParseText(text, out object? value, out string problem)
            ? new ConfigAssignment(option, value, origin)
            : throw Invalid(origin, option.Key, option, Quote(text), problem);

    /// <summary>"SOURCE: KEY = VALUE PROBLEM; allowed: RANGE".</summary>
    public static ConfigurationException Invalid(ConfigValueOrigin origin, string keyPath, OptionDescriptor option, string shownValue, string problem) =>
        new($"{origin.Describe()}: {keyPath} = {shownValue} {problem}; allowed: {option.Allowed}");

    /// <summary>Quotes a user value for an error message, cut short so a huge value cannot flood the terminal.</summary>
    public static string Quote(string text) => '"' + (text.Length <= 60 ? text : text[..57] + "...") + '"';
}
