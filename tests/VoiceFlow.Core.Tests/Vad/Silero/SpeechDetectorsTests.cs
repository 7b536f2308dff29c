using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Vad.Silero;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>vad_detector: which detector is built, and what happens without a model or with a bad one.</summary>
public sealed class SpeechDetectorsTests
{
    [Fact]
    public void Auto_and_silero_use_the_installed_model_and_energy_uses_none()
    {
        using var models = ModelsWith("v6", "v5");

        var auto = SpeechDetectors.Create(Selection("auto"), models.Path);
        var v5 = SpeechDetectors.Create(Selection("silero", version: "v5"), models.Path);
        var energy = SpeechDetectors.Create(Selection("energy"), models.Path);

        Assert.Equal("silero", auto.Name);
        Assert.Contains("v6", auto.Model, StringComparison.Ordinal);
        Assert.Equal(SileroModelVersion.V5, Assert.IsType<SileroSpeechDetector>(v5).SileroModel.Version);
        Assert.Equal("energy", energy.Name);
        Assert.Null(energy.Model);
    }

    [Theory]
    [InlineData("auto", LogLevel.Information)]
    [InlineData("silero", LogLevel.Warning)]
    public void Without_a_model_the_energy_detector_is_used_with_one_line(string detector, LogLevel level)
    {
        using var empty = new TempFolder();
        var log = new ListLogger();

        var chosen = SpeechDetectors.Create(Selection(detector), empty.Path, logger: log);

        Assert.Equal("energy", chosen.Name);
        var line = Assert.Single(log.Lines);
        Assert.Equal(level, line.Level);
        Assert.Contains("silero-vad", line.Text, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(empty.Path, "silero_vad_v6.onnx"), line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_installed_model_is_an_error_naming_it()
    {
        using var models = new TempFolder();
        string path = models.Write("silero_vad_v6.onnx", "not a model");

        var error = Assert.Throws<ModelFormatException>(() => SpeechDetectors.Create(Selection("auto"), models.Path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_reaches_the_selection()
    {
        var selection = SpeechDetectorSelection.From(new VoiceFlowOptions { VadDetector = "silero", VadSileroModel = "/x/m.onnx", VadSileroVersion = "v5", VadThreshold = 0.6 });

        Assert.Equal("silero", selection.Detector);
        Assert.Equal("/x/m.onnx", selection.SileroModelIn("/models"));
        Assert.Equal(SileroModelVersion.V5, selection.SileroVersion);
        Assert.Equal(0.6f, selection.Silero.Threshold);
        Assert.Equal(0.45f, selection.Silero.EffectiveNegativeThreshold, 5);
        Assert.Equal(Path.Combine("/models", "silero_vad_v6.onnx"), SpeechDetectorSelection.From(new VoiceFlowOptions()).SileroModelIn("/models"));
        Assert.Throws<ConfigurationException>(() => SpeechDetectors.Create(selection with { Detector = "webrtc" }, "/models"));
    }

    private static SpeechDetectorSelection Selection(string detector, string version = "v6") =>
        SpeechDetectorSelection.From(new VoiceFlowOptions { VadDetector = detector, VadSileroVersion = version });

    private static TempFolder ModelsWith(params string[] versions)
    {
        var folder = new TempFolder();
        foreach (string version in versions)
        {
            string source = SileroTestModels.RequirePath(version);
            File.Copy(source, folder.Sub(Path.GetFileName(source)));
        }

        return folder;
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
