using System.Text.Json;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Processes;

namespace VoiceFlow.PulseAudio;

/// <summary>The server's capture sources, from <c>pactl --format=json list sources</c> and <c>pactl get-default-source</c>.</summary>
internal static class PulseSourceList
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="AudioCaptureException">pactl is missing, fails, or the server cannot be reached.</exception>
    public static IReadOnlyList<CaptureDevice> Query(string? server)
    {
        string json = RunPactl(server, "--format=json", "list", "sources");
        string defaultSource = RunPactl(server, "get-default-source").Trim();
        return Parse(json, defaultSource);
    }

    /// <summary>Reads pactl's JSON source list; <paramref name="defaultSource"/> gets the default mark.</summary>
    /// <exception cref="AudioCaptureException">Output that is not pactl's JSON source list.</exception>
    public static IReadOnlyList<CaptureDevice> Parse(string json, string? defaultSource)
    {
        var devices = new List<CaptureDevice>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new AudioCaptureException("pactl printed a source list that is not a JSON array (is pactl older than PulseAudio 16?)");
            }

            foreach (var source in document.RootElement.EnumerateArray())
            {
                string name = StringOf(source, "name") ?? throw new AudioCaptureException("pactl listed a source without a name");
                string description = StringOf(source, "description") ?? name;
                string? deviceClass = source.TryGetProperty("properties", out var properties) ? StringOf(properties, "device.class") : null;
                bool isMonitor = deviceClass == "monitor" || name.EndsWith(".monitor", StringComparison.Ordinal);
                devices.Add(new CaptureDevice(name, description, isMonitor, string.Equals(name, defaultSource, StringComparison.Ordinal)));
            }
        }
        catch (JsonException ex)
        {
            throw new AudioCaptureException($"pactl printed a source list that is not valid JSON: {ex.Message}", ex);
        }

        return devices;
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string RunPactl(string? server, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["LC_ALL"] = "C" };
        if (server is not null)
        {
            environment["PULSE_SERVER"] = server;
        }

        ExternalProcessResult result;
        try
        {
            result = ExternalProcess.Run(new ExternalProcessRequest("pactl", arguments) { Environment = environment, Timeout = Timeout }, CancellationToken.None);
        }
        catch (ExternalProcessException ex) when (ex.Failure == ExternalProcessFailure.NotStarted)
        {
            throw PulseCaptureErrors.ToolMissing("pactl", ex);
        }
        catch (ExternalProcessException)
        {
            throw PulseCaptureErrors.Unreachable(server, $"pactl did not answer within {Timeout.TotalSeconds:0} s");
        }

        if (result.ExitCode != 0)
        {
            string message = result.Error.Trim();
            throw PulseCaptureErrors.Unreachable(server, message.Length > 0 ? message.ReplaceLineEndings(" ") : $"pactl exited with code {result.ExitCode}");
        }

        return result.Output;
    }
}
