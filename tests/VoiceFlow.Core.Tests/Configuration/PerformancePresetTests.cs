using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class PerformancePresetTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static VoiceFlowOptions WithMode(string mode) =>
        ConfigurationLoader.Load(new ConfigurationRequest { CommandLine = [new ConfigSetting("performance_mode", mode, "--performance-mode")] }).Options;

    [Fact]
    public void Safe_turns_every_optimization_off_and_equals_no_preset()
    {
        var safe = WithMode("safe");

        Assert.False(safe.EnableOptimizedAudioValidation);
        Assert.False(safe.EnableAdaptiveModelAccess);
        Assert.False(safe.EnableMemoryOptimizations);
        Assert.Equal(new VoiceFlowOptions(), safe with { PerformanceMode = null });
    }

    [Fact]
    public void Balanced_matches_the_seed_performance_test_config()
    {
        var balanced = WithMode("balanced");

        Assert.True(balanced.EnableOptimizedAudioValidation);
        Assert.True(balanced.EnableAdaptiveModelAccess);
        Assert.False(balanced.EnableMemoryOptimizations);
        Assert.Equal(5, balanced.BeamSize);
    }

    [Fact]
    public void Speed_turns_all_three_optimizations_on_and_decodes_greedily()
    {
        var config = ConfigurationLoader.Load(new ConfigurationRequest { Environment = new Dictionary<string, string> { ["VOICEFLOW_PERFORMANCE_MODE"] = "speed" } });

        Assert.True(config.Options.EnableOptimizedAudioValidation);
        Assert.True(config.Options.EnableAdaptiveModelAccess);
        Assert.True(config.Options.EnableMemoryOptimizations);
        Assert.Equal(1, config.Options.BeamSize);
        Assert.Equal(1, config.Options.BestOf);
        Assert.Equal("preset:speed", config.Origins["enable_memory_optimizations"].ToString());
        Assert.Equal("env:VOICEFLOW_PERFORMANCE_MODE", config.Origins["performance_mode"].ToString());
    }

    [Fact]
    public void Every_preset_sets_the_same_valid_keys()
    {
        string[] keys = [.. PerformancePresets.All[0].Values.Select(v => v.Key)];
        foreach (PerformancePreset preset in PerformancePresets.All)
        {
            Assert.Equal(keys, preset.Values.Select(v => v.Key));
            foreach (var (key, value) in preset.Values)
            {
                OptionDescriptor option = Assert.IsAssignableFrom<OptionDescriptor>(VoiceFlowOptionRegistry.Find(key));
                Assert.True(option.TryParseText(OptionDescriptor.FormatValue(value), out object? parsed, out _), $"{preset.Name}.{key}");
                Assert.Equal(value, parsed);
            }
        }
    }

    [Fact]
    public void Preset_named_by_a_later_layer_still_sits_beneath_the_file_explicit_values()
    {
        string file = _dir.Write("c.json", """{ "performance_mode": "safe", "enable_memory_optimizations": false, "beam_size": 3 }""");
        var request = new ConfigurationRequest
        {
            ConfigFile = file,
            Environment = new Dictionary<string, string> { ["VOICEFLOW_PERFORMANCE_MODE"] = "balanced" },
            CommandLine = [new ConfigSetting("performance_mode", "speed", "--performance-mode")],
        };

        var config = ConfigurationLoader.Load(request);

        Assert.Equal("speed", config.Options.PerformanceMode);
        Assert.Equal("flag:--performance-mode", config.Origins["performance_mode"].ToString());
        Assert.True(config.Options.EnableOptimizedAudioValidation); // from the speed preset
        Assert.Equal("preset:speed", config.Origins["enable_optimized_audio_validation"].ToString());
        Assert.False(config.Options.EnableMemoryOptimizations); // the file's explicit value beats the preset
        Assert.Equal("file:" + file, config.Origins["enable_memory_optimizations"].ToString());
        Assert.Equal(3, config.Options.BeamSize);
        Assert.Equal(1, config.Options.BestOf);
    }

    [Fact]
    public void Unknown_performance_mode_is_rejected_with_the_allowed_names()
    {
        var error = Assert.Throws<VoiceFlow.Core.Errors.ConfigurationException>(() => WithMode("turbo"));
        Assert.Equal("flag --performance-mode: performance_mode = \"turbo\" is not allowed; allowed: one of: safe, balanced, speed, or null", error.Message);
    }
}
