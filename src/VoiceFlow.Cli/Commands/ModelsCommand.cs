using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Hosting;
using VoiceFlow.Whisper.Store;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow models list|download|verify</c>: manage whisper.cpp ggml models.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List, download and verify whisper.cpp ggml models.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateDownload());
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Option<string?> DirOption() =>
        new("--dir") { Description = "Models folder (default: $XDG_DATA_HOME/voiceflow/models or ~/.local/share/voiceflow/models)." };

    private static Command CreateList()
    {
        var dir = DirOption();
        var list = new Command("list", "Show installed models and the standard ones available for download.");
        list.Options.Add(dir);
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var store = new ModelStore(parse.GetValue(dir) ?? VoiceFlowHost.ModelsDirectoryFor(CliEnvironment.Variables));
            var installed = store.ListInstalled();
            output.WriteLine($"installed in {store.Directory}:");
            if (installed.Count == 0)
            {
                output.WriteLine("  (none)");
            }

            foreach (var model in installed)
            {
                output.WriteLine($"  {model.Name,-22} {Size(model.Bytes),10}  {model.Path}");
            }

            output.WriteLine();
            output.WriteLine($"available from {WhisperModelInfo.PublicHost}ggml-NAME.bin:");
            output.WriteLine($"  {"name",-22} {"size",10}  {"sha1",-40}  installed");
            foreach (var model in WhisperModelCatalog.All)
            {
                bool have = installed.Any(i => i.Name == model.Name);
                output.WriteLine($"  {model.Name,-22} {"~" + Size(model.ApproximateBytes),10}  {model.Sha1 ?? "(not published: size/header check)",-40}  {(have ? "yes" : "")}");
            }

            return 0;
        });
        return list;
    }

    private static Command CreateDownload()
    {
        var name = new Argument<string>("name") { Description = "Catalog name (tiny.en, base, large-v3-turbo-q5_0...), silero-vad (the voice detector, v5 and v6, via npm), or a file name for --url." };
        var url = new Option<string?>("--url") { Description = "Download from this HTTPS address instead of the public host." };
        var dir = DirOption();
        var force = new Option<bool>("--force") { Description = "Download again even when the model is installed." };
        var download = new Command("download", "Download a model (resumable; size, SHA-1 and header are checked before it is installed).");
        download.Arguments.Add(name);
        download.Options.Add(url);
        download.Options.Add(dir);
        download.Options.Add(force);
        download.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string requested = parse.GetValue(name)!;
            if (requested == SileroVadDownload.Name && parse.GetValue(url) is null)
            {
                await SileroVadDownload.RunAsync(parse.GetValue(dir) ?? VoiceFlowHost.ModelsDirectoryFor(CliEnvironment.Variables), parse.GetValue(force),
                    output, CliApplication.StatusOf(parse), cancellationToken).ConfigureAwait(false);
                return 0;
            }

            var model = WhisperModelCatalog.Find(requested);
            string? urlText = parse.GetValue(url);
            if (model is null && urlText is null)
            {
                throw new ConfigurationException(
                    $"unknown model '{requested}' (known: {string.Join(", ", WhisperModelCatalog.All.Select(m => m.Name))}); pass --url to download another file");
            }

            if (!Uri.TryCreate(urlText ?? model!.Url.ToString(), UriKind.Absolute, out var source))
            {
                throw new ConfigurationException($"--url '{urlText}' is not an absolute URL");
            }

            var store = new ModelStore(parse.GetValue(dir) ?? VoiceFlowHost.ModelsDirectoryFor(CliEnvironment.Variables));
            string fileName = model?.FileName ?? (requested.EndsWith(".bin", StringComparison.Ordinal) ? Path.GetFileName(requested) : $"ggml-{Path.GetFileName(requested)}.bin");
            string destination = Path.Combine(store.Directory, fileName);
            if (File.Exists(destination) && !parse.GetValue(force))
            {
                await ModelVerifier.VerifyAsync(destination, cancellationToken: cancellationToken).ConfigureAwait(false);
                output.WriteLine($"{fileName} is already installed and verified: {destination}");
                return 0;
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("VoiceFlow-model-downloader/1.0");
            var downloader = new ModelDownloader(http);
            void Validate(string part)
            {
                var header = GgmlModelHeader.Read(part);
                if (model is not null)
                {
                    ModelVerifier.CheckDimensions(part, header, model);
                    if (model.Sha1 is null)
                    {
                        ModelVerifier.CheckApproximateSize(part, header.FileBytes, model);
                    }
                }
            }

            CliApplication.StatusOf(parse).WriteLine($"downloading {source} -> {destination}");
            string sha1 = await RunWithProgressAsync(fileName, progress =>
                downloader.DownloadAsync(source, destination, expectedBytes: null, model?.Sha1, Validate, progress, cancellationToken)).ConfigureAwait(false);
            output.WriteLine($"installed {destination} ({Size(new FileInfo(destination).Length)}, sha1 {sha1}{(model?.Sha1 is null ? ", no published SHA-1 to compare" : ", matches the published SHA-1")})");
            return 0;
        });
        return download;
    }

    private static Command CreateVerify()
    {
        var path = new Argument<string>("path") { Description = "Model file to check." };
        var verify = new Command("verify", "Check that a file is a whisper.cpp ggml model; compare its SHA-1 with the catalog when the name is known.");
        verify.Arguments.Add(path);
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string file = parse.GetValue(path)!;
            if (!File.Exists(file))
            {
                throw new ConfigurationException($"model file not found: {file}");
            }

            var result = await ModelVerifier.VerifyAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            var h = result.Header;
            output.WriteLine($"{file}: whisper.cpp ggml model, {Size(h.FileBytes)}");
            output.WriteLine($"  n_vocab {h.VocabularySize} ({(h.IsEnglishOnly ? "English-only" : "multilingual")}), n_mels {h.Mels}, weights {h.WeightTypeName} (ftype {h.FileType})");
            output.WriteLine($"  audio: ctx {h.AudioContext}, state {h.AudioState}, heads {h.AudioHeads}, layers {h.AudioLayers}");
            output.WriteLine($"  text:  ctx {h.TextContext}, state {h.TextState}, heads {h.TextHeads}, layers {h.TextLayers}");
            output.WriteLine(result.Sha1Check switch
            {
                Sha1Check.Match => $"  sha1 {result.Sha1} matches the published SHA-1 of {result.Catalog!.Name}",
                Sha1Check.NotPublished => $"  {result.Catalog!.Name}: no published SHA-1; dimensions and size match the catalog",
                _ => "  not a catalog model name: header checked, no SHA-1 to compare",
            });
            return 0;
        });
        return verify;
    }

    private static async Task<string> RunWithProgressAsync(string label, Func<IProgress<DownloadProgress>?, Task<string>> run)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await run(null).ConfigureAwait(false);
        }

        var console = CliConsole.For(Console.Error);
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, autoStart: true, maxValue: 1);
                var progress = new Progress<DownloadProgress>(p =>
                {
                    task.MaxValue = p.TotalBytes ?? Math.Max(p.BytesDone, 1);
                    task.Value = p.BytesDone;
                });
                return await run(progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static string Size(long bytes) =>
        bytes >= 1L << 30 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
        : bytes >= 1L << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");
}
