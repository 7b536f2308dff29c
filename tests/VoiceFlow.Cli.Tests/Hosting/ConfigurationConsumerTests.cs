using System.Globalization;
using System.Text.Json;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Hosting.Options;

namespace VoiceFlow.Cli.Tests.Hosting;

/// <summary>
/// Every configuration key must reach a component: for each key in the registry, a configuration that sets it to a
/// valid non-default value must bind to different component records than one that does not. A key added to the
/// registry without a reader (or a reader dropped from a component record) fails here.
/// </summary>
public sealed class ConfigurationConsumerTests
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    public static TheoryData<string> Keys => [.. VoiceFlowOptionRegistry.All.Select(o => o.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Setting_the_key_changes_what_the_components_get(string key)
    {
        OptionDescriptor option = VoiceFlowOptionRegistry.Find(key)!;
        // The rollback switch turns optimizations off; it can only show on a configuration where some are on.
        ConfigSetting[] baseline = key == "disable_optimizations" ? [new ConfigSetting("performance_mode", PerformancePresets.Speed, "test")] : [];
        string unchanged = BoundJson(baseline);

        var tried = new List<string>();
        foreach (string value in NonDefaultValues(option))
        {
            VoiceFlowComponentOptions bound;
            try
            {
                bound = Bind([.. baseline, new ConfigSetting(key, value, "test")]);
            }
            catch (ConfigurationException exception)
            {
                tried.Add($"{value}: {exception.Message}");
                continue;
            }

            if (JsonSerializer.Serialize(bound, s_json) != unchanged)
            {
                return;
            }

            // Some values legitimately equal the default's effect (performance_mode safe = no preset); try the next.
            tried.Add($"{value}: changes no component record");
        }

        Assert.Fail($"{key} has no consumer: no valid non-default value changes what the components get " +
            $"(bind it in VoiceFlowComponentOptions, or retire it). Tried: {string.Join("; ", tried)}");
    }

    [Fact]
    public void A_configuration_bound_twice_gives_equal_records()
    {
        // The comparison above is only meaningful when binding is deterministic.
        Assert.Equal(BoundJson([]), BoundJson([]));
    }

    private static string BoundJson(IReadOnlyList<ConfigSetting> settings) => JsonSerializer.Serialize(Bind(settings), s_json);

    private static VoiceFlowComponentOptions Bind(IReadOnlyList<ConfigSetting> settings) =>
        VoiceFlowComponentOptions.Bind(ConfigurationLoader.Load(new ConfigurationRequest
        {
            Environment = new Dictionary<string, string>(),
            CommandLine = settings,
        }).Options);

    /// <summary>Candidate values unlike the default, from the option's own type and range.</summary>
    private static IEnumerable<string> NonDefaultValues(OptionDescriptor option)
    {
        object? current = option.DefaultValue;
        switch (option)
        {
            case BooleanOptionDescriptor:
                yield return (bool)current! ? "false" : "true";
                break;
            case IntegerOptionDescriptor integer:
                int n = (int)current!;
                foreach (int candidate in new[] { n + 1, n - 1, integer.Minimum, integer.Maximum })
                {
                    if (candidate != n && candidate >= integer.Minimum && candidate <= integer.Maximum)
                    {
                        yield return candidate.ToString(CultureInfo.InvariantCulture);
                    }
                }

                break;
            case NumberOptionDescriptor number:
                double d = (double)current!;
                foreach (double candidate in new[] { d + 0.1, d - 0.1, number.Minimum, number.Maximum })
                {
                    if (candidate != d && candidate >= number.Minimum && candidate <= number.Maximum)
                    {
                        yield return candidate.ToString("R", CultureInfo.InvariantCulture);
                    }
                }

                break;
            case ChoiceOptionDescriptor choice:
                foreach (string candidate in choice.Choices.Where(c => c != (string?)current))
                {
                    yield return candidate;
                }

                break;
            default:
                foreach (string candidate in new[] { "sample-value", "de", "http://127.0.0.1:9999", "tcp://127.0.0.1:10300", "top-half" }.Where(c => c != (string?)current))
                {
                    yield return candidate;
                }

                break;
        }
    }
}
