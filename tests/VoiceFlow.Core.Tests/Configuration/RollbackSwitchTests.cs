using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Tests.Configuration;

public sealed class RollbackSwitchTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("TRUE")]
    public void Environment_switch_beats_preset_file_environment_and_flags(string spelling)
    {
        string file = _dir.Write("c.json", """{ "optimizations": { "enable_optimized_audio_validation": true, "enable_memory_optimizations": true } }""");
        var request = new ConfigurationRequest
        {
            ConfigFile = file,
            Environment = new Dictionary<string, string>
            {
                ["VOICEFLOW_DISABLE_OPTIMIZATIONS"] = spelling,
                ["VOICEFLOW_ENABLE_ADAPTIVE_MODEL_ACCESS"] = "true",
            },
            CommandLine = [new ConfigSetting("performance_mode", "speed", "--performance-mode"), new ConfigSetting("enable_memory_optimizations", "true", "--set")],
        };

        var config = ConfigurationLoader.Load(request);

        Assert.True(config.Options.DisableOptimizations);
        Assert.All(VoiceFlowOptionRegistry.All.Where(o => o.IsOptimization), o =>
        {
            Assert.Equal(false, o.GetValue(config.Options));
            Assert.Equal("env:VOICEFLOW_DISABLE_OPTIMIZATIONS (rollback: disable_optimizations)", config.Origins[o.Key].ToString());
        });
        Assert.Equal(1, config.Options.BeamSize); // the preset's decoding choice is not an optimization
    }

    [Fact]
    public void Switch_is_sticky_a_later_false_does_not_turn_it_off()
    {
        var request = new ConfigurationRequest
        {
            Environment = new Dictionary<string, string> { ["VOICEFLOW_DISABLE_OPTIMIZATIONS"] = "yes" },
            CommandLine = [new ConfigSetting("disable_optimizations", "false", "--set"), new ConfigSetting("performance_mode", "speed", "--performance-mode")],
        };

        var config = ConfigurationLoader.Load(request);

        Assert.True(config.Options.DisableOptimizations);
        Assert.Equal("env:VOICEFLOW_DISABLE_OPTIMIZATIONS", config.Origins["disable_optimizations"].ToString());
        Assert.False(config.Options.EnableOptimizedAudioValidation);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("no")]
    public void Switch_off_leaves_optimizations_as_configured(string spelling)
    {
        var request = new ConfigurationRequest
        {
            Environment = new Dictionary<string, string> { ["VOICEFLOW_DISABLE_OPTIMIZATIONS"] = spelling, ["VOICEFLOW_PERFORMANCE_MODE"] = "speed" },
        };

        var options = ConfigurationLoader.Load(request).Options;

        Assert.False(options.DisableOptimizations);
        Assert.True(options.EnableMemoryOptimizations);
    }

    [Fact]
    public void Unreadable_switch_value_is_an_error_not_silently_ignored()
    {
        var request = new ConfigurationRequest { Environment = new Dictionary<string, string> { ["VOICEFLOW_DISABLE_OPTIMIZATIONS"] = "please" } };

        var error = Assert.Throws<VoiceFlow.Core.Errors.ConfigurationException>(() => ConfigurationLoader.Load(request));

        Assert.Equal("environment variable VOICEFLOW_DISABLE_OPTIMIZATIONS: disable_optimizations = \"please\" is not a boolean; allowed: true or false (also 1/0, yes/no, on/off)", error.Message);
    }
}
