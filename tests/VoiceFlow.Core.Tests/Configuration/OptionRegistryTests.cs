using System.Reflection;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class OptionRegistryTests
{
    [Fact]
    public void Every_options_property_has_exactly_one_descriptor_keyed_by_its_snake_case_name()
    {
        string[] properties = [.. typeof(VoiceFlowOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal)];

        Assert.Equal(properties, VoiceFlowOptionRegistry.All.Select(o => o.PropertyName).Order(StringComparer.Ordinal));
        Assert.Equal("enable_optimized_audio_validation", VoiceFlowOptionRegistry.Find("enable_optimized_audio_validation")!.Key);
        Assert.Equal("VOICEFLOW_VALIDATION_FREQUENCY", VoiceFlowOptionRegistry.Find("validation_frequency")!.EnvironmentVariable);
        Assert.Equal("silence_threshold_dbfs", VoiceFlowOptionRegistry.Find("silence_threshold_dbfs")!.Key);
    }

    [Fact]
    public void Every_descriptor_reads_and_writes_its_own_property()
    {
        foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All)
        {
            object? value = typeof(VoiceFlowOptions).GetProperty(option.PropertyName)!.GetValue(VoiceFlowOptionRegistry.Defaults);
            Assert.Equal(value, option.DefaultValue);

            object? other = option switch
            {
                BooleanOptionDescriptor => !(bool)value!,
                IntegerOptionDescriptor i => (int)value! == i.Maximum ? i.Minimum : i.Maximum,
                NumberOptionDescriptor n => (double)value! == n.Maximum ? n.Minimum : n.Maximum,
                ChoiceOptionDescriptor c => c.Choices.First(x => x != (string?)value),
                _ => "x",
            };
            VoiceFlowOptions changed = option.WithValue(VoiceFlowOptionRegistry.Defaults, other);
            Assert.Equal(other, typeof(VoiceFlowOptions).GetProperty(option.PropertyName)!.GetValue(changed));
            Assert.Equal(VoiceFlowOptionRegistry.Defaults, option.WithValue(changed, value));
        }
    }

    [Fact]
    public void Every_default_is_valid_by_its_own_descriptor()
    {
        foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All)
        {
            string text = option.DefaultValue is null ? "" : OptionDescriptor.FormatValue(option.DefaultValue);
            Assert.True(option.TryParseText(text, out object? parsed, out string problem), $"{option.Key}: default {text} {problem}");
            Assert.Equal(option.DefaultValue, parsed);
        }
    }

    [Fact]
    public void Optimizations_are_the_three_seed_switches_and_are_off_by_default()
    {
        Assert.Equal(
            ["enable_optimized_audio_validation", "enable_adaptive_model_access", "enable_memory_optimizations"],
            VoiceFlowOptionRegistry.All.Where(o => o.IsOptimization).Select(o => o.Key));
        Assert.All(VoiceFlowOptionRegistry.All.Where(o => o.IsOptimization), o => Assert.Equal(false, o.DefaultValue));
    }

    [Fact]
    public void Every_descriptor_belongs_to_a_known_section_and_no_key_is_a_section_name()
    {
        Assert.All(VoiceFlowOptionRegistry.All, o => Assert.Contains(o.Section, VoiceFlowOptionRegistry.Sections));
        Assert.DoesNotContain(VoiceFlowOptionRegistry.All, o => VoiceFlowOptionRegistry.Sections.Contains(o.Key));
    }

    [Theory]
    [InlineData("validation_frequency", "validation_frequency", 0)]
    [InlineData("beam_sise", "beam_size", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_is_levenshtein(string a, string b, int expected) =>
        Assert.Equal(expected, ClosestMatch.EditDistance(a, b));
}
