using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Server;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow serve</c>: the HTTP server (OpenAI-compatible API, WebSocket stream, web page, metrics) over one loaded
/// model. Loopback only unless an API key is configured. Ctrl+C / SIGTERM stops it gracefully.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var flags = new EngineFlags();
        var urls = new Option<string?>("--urls") { Description = "Address to listen on (default http://127.0.0.1:8765; non-loopback needs an API key).", HelpName = "URL" };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer key every API call must carry (also VOICEFLOW_API_KEY or api_key in the config file).", HelpName = "KEY" };
        var wyoming = new Option<string?>("--wyoming") { Description = "Also speak the Wyoming protocol (Home Assistant) at tcp://HOST:PORT, e.g. tcp://127.0.0.1:10300 (server_wyoming).", HelpName = "URI" };
        var wyomingRemote = new Option<bool>("--wyoming-allow-remote") { Description = "Let --wyoming listen beyond loopback; Wyoming has no authentication (server_wyoming_allow_remote)." };
        var certificate = new Option<string?>("--certificate") { Description = "TLS certificate for an https:// --urls: PEM (with --certificate-key) or PKCS#12 (server_certificate).", HelpName = "PATH" };
        var certificateKey = new Option<string?>("--certificate-key") { Description = "PEM private key of --certificate (server_certificate_key).", HelpName = "PATH" };

        var command = new Command("serve", "Serve transcription over HTTP: OpenAI-compatible API, WebSocket streaming and a web page.");
        flags.AddTo(command);
        command.Options.Add(urls);
        command.Options.Add(apiKey);
        command.Options.Add(wyoming);
        command.Options.Add(wyomingRemote);
        command.Options.Add(certificate);
        command.Options.Add(certificateKey);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse,
                [.. flags.Overrides(parse), .. ConfigurationFlags.Given(parse, urls, "server_urls"), .. ConfigurationFlags.Given(parse, apiKey, "api_key"),
                 .. ConfigurationFlags.Given(parse, wyoming, "server_wyoming"), .. ConfigurationFlags.Given(parse, wyomingRemote, "server_wyoming_allow_remote"),
                 .. ConfigurationFlags.Given(parse, certificate, "server_certificate"), .. ConfigurationFlags.Given(parse, certificateKey, "server_certificate_key")]);
            var options = config.Options;
            var output = parse.InvocationConfiguration.Output;

            VoiceFlowServer.CheckListenAddress(options);
            using var host = CliHost.Create(parse, config);
            var history = host.OpenHistory(parse.InvocationConfiguration.Error);
            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);

            // The first request must not pay for first calls (JIT, page faults, scratch): warm up before listening.
            await Core.Engines.EngineWarmUp.RunAsync(factory, host.Components.Decoding, cancellationToken).ConfigureAwait(false);
            await using var server = await VoiceFlowServer.StartAsync(host.ServerSettings(factory, history), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"VoiceFlow server on {server.Address} ({factory.EngineName}{(string.IsNullOrEmpty(factory.ModelName) ? "" : " " + factory.ModelName)}); " +
                $"API key {(string.IsNullOrEmpty(options.ApiKey) ? "off" : "required")}" +
                (server.WyomingEndPoint is { } wyomingAt ? $"; Wyoming on tcp://{wyomingAt}" : "") + ". Ctrl+C stops it.").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the stop below lets in-flight requests finish.
            }

            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
