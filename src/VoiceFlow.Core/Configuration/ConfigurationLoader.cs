using System.Collections.Frozen;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// Builds the effective configuration from its layers, each overriding the one before:
/// built-in defaults → the <c>performance_mode</c> preset → the config file → <c>VOICEFLOW_*</c> environment
/// variables → command-line flags. The preset is the one named by the highest layer that sets
/// <c>performance_mode</c>, but it always sits at layer 2, so an explicit value anywhere beats it.
/// Finally, if any layer turned <c>disable_optimizations</c> on, every optimization is forced off.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>Loads with this process's environment and no command-line overrides.</summary>
    /// <exception cref="ConfigurationException">Any source holds an invalid value; nothing should start.</exception>
    public static EffectiveConfiguration Load() =>
        Load(new ConfigurationRequest { Environment = ConfigurationRequest.ProcessEnvironment() });

    /// <summary>Loads, validates and merges every layer described by <paramref name="request"/>.</summary>
    /// <exception cref="ConfigurationException">Any source holds an invalid value (the message names source, key and allowed range).</exception>
    public static EffectiveConfiguration Load(ConfigurationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<string>();
        ConfigFileLocation location = ConfigFileLocation.Find(request.ConfigFile, request.Environment);
        var filesRead = new List<string>();
        List<ConfigAssignment> fileLayer = [];
        if (location.Exists)
        {
            fileLayer = ConfigurationFileReader.Read(location.Path!);
            filesRead.Add(location.Path!);
        }
        else if (location.IsExplicit)
        {
            throw new ConfigurationException($"config file {location.Path} (given by {location.ChosenBy}) does not exist");
        }

        List<ConfigAssignment> environmentLayer = EnvironmentLayer.Read(request.Environment, warnings);
        List<ConfigAssignment> commandLineLayer = [.. request.CommandLine.Select(ReadSetting)];
        ConfigAssignment[] explicitValues = [.. fileLayer, .. environmentLayer, .. commandLineLayer];

        var origins = VoiceFlowOptionRegistry.All.ToDictionary(o => o.Key, _ => ConfigValueOrigin.Default, StringComparer.Ordinal);
        VoiceFlowOptions options = VoiceFlowOptionRegistry.Defaults;
        if (explicitValues.LastOrDefault(a => a.Option.Key == "performance_mode")?.Value is string mode)
        {
            PerformancePreset preset = PerformancePresets.Get(mode);
            foreach (KeyValuePair<string, object?> value in preset.Values)
            {
                options = Apply(options, origins, VoiceFlowOptionRegistry.Find(value.Key)!, value.Value, ConfigValueOrigin.Preset(preset.Name));
            }
        }

        foreach (ConfigAssignment assignment in explicitValues)
        {
            options = Apply(options, origins, assignment.Option, assignment.Value, assignment.Origin);
        }

        options = ApplyRollback(options, origins, explicitValues);
        ConfigurationConsistency.Check(options, origins);
        return new EffectiveConfiguration(options, origins.ToFrozenDictionary(StringComparer.Ordinal), [.. filesRead], location, [.. warnings]);
    }

    /// <summary>Validates one config file on its own (what <c>voiceflow config validate FILE</c> runs).</summary>
    /// <exception cref="ConfigurationException">The file is missing, malformed or holds an invalid value.</exception>
    public static EffectiveConfiguration ValidateFile(string path) =>
        Load(new ConfigurationRequest { ConfigFile = path });

    private static ConfigAssignment ReadSetting(ConfigSetting setting)
    {
        var origin = ConfigValueOrigin.CommandLine(setting.Flag);
        string key = setting.Key.Trim().Replace('-', '_').ToLowerInvariant();
        return ConfigAssignment.FromText(VoiceFlowOptionRegistry.Require(key, origin), setting.Value, origin);
    }

    /// <summary>
    /// The rollback switch is sticky: a true from any layer wins over a false from a later one, because it exists to
    /// turn optimizations off in an emergency whatever else is configured. The forced values are credited to the
    /// highest-priority source that turned it on.
    /// </summary>
    private static VoiceFlowOptions ApplyRollback(VoiceFlowOptions options, Dictionary<string, ConfigValueOrigin> origins, ConfigAssignment[] explicitValues)
    {
        ConfigAssignment? trigger = explicitValues.LastOrDefault(a => a.Option.Key == "disable_optimizations" && a.Value is true);
        if (trigger is null)
        {
            return options;
        }

        options = Apply(options, origins, trigger.Option, true, trigger.Origin);
        ConfigValueOrigin forced = trigger.Origin with { Note = "rollback: disable_optimizations" };
        foreach (OptionDescriptor optimization in VoiceFlowOptionRegistry.All.Where(o => o.IsOptimization))
        {
            options = Apply(options, origins, optimization, false, forced);
        }

        return options;
    }

    private static VoiceFlowOptions Apply(VoiceFlowOptions options, Dictionary<string, ConfigValueOrigin> origins,
        OptionDescriptor option, object? value, ConfigValueOrigin origin)
    {
        origins[option.Key] = origin;
        return option.WithValue(options, value);
    }
}
