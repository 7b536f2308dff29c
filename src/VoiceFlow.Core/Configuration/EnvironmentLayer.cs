namespace VoiceFlow.Core.Configuration;

/// <summary>Reads <c>VOICEFLOW_&lt;UPPER_SNAKE_KEY&gt;</c> variables into validated assignments.</summary>
internal static class EnvironmentLayer
{
    private const string Prefix = "VOICEFLOW_";

    /// <summary>Variables with the VOICEFLOW_ prefix that are not options but are read elsewhere.</summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal) { "VOICEFLOW_CONFIG" };

    /// <summary>
    /// Returns the assignments in a stable (ordinal) order. Unknown VOICEFLOW_* variables are not errors (other
    /// parts of VoiceFlow and its tests use the prefix), but one within a typo of an option name gives a warning.
    /// </summary>
    public static List<ConfigAssignment> Read(IReadOnlyDictionary<string, string> environment, List<string> warnings)
    {
        var assignments = new List<ConfigAssignment>();
        foreach (KeyValuePair<string, string> variable in environment.Where(v => v.Key.StartsWith(Prefix, StringComparison.Ordinal)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (VoiceFlowOptionRegistry.FindByEnvironmentVariable(variable.Key) is { } option)
            {
                assignments.Add(ConfigAssignment.FromText(option, variable.Value, ConfigValueOrigin.Environment(variable.Key)));
            }
            else if (!s_reserved.Contains(variable.Key)
                && ClosestMatch.Find(variable.Key[Prefix.Length..], VoiceFlowOptionRegistry.All.Select(o => o.Key)) is { } near)
            {
                // Compared without the shared prefix, so the prefix does not make every name look close.
                string suggestion = VoiceFlowOptionRegistry.Find(near)!.EnvironmentVariable;
                warnings.Add($"environment variable {variable.Key} is not a VoiceFlow option and is ignored (did you mean '{suggestion}'?)");
            }
        }

        return assignments;
    }
}
