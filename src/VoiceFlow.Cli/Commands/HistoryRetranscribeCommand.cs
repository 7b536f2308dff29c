using System.CommandLine;
using System.Globalization;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow history retranscribe ID [--engine ...] [--model ...]</c>: transcribes an entry's kept audio again (with
/// another engine or model, say) and stores the result as a new entry that names the one it revises; the original
/// stays as it was.
/// </summary>
internal static class HistoryRetranscribeCommand
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "The entry's number, as `voiceflow history` lists it." };
        var flags = new EngineFlags();
        var command = new Command("retranscribe", "Transcribe an entry's kept audio again (history_keep_audio) and store the result as a new version of it.");
        command.Arguments.Add(id);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, flags.Overrides(parse));
            using var host = CliHost.Create(parse, config);
            using var store = host.OpenHistoryDatabase();
            long number = parse.GetValue(id);
            var original = await store.GetAsync(number, cancellationToken).ConfigureAwait(false)
                ?? throw new HistoryException($"history has no entry {number} (see 'voiceflow history')");
            string audio = AudioOf(original, number);
            var job = new TranscriptionJobOptions
            {
                Engine = flags.TranscriptionOptions(parse, host.Components.Decoding),
                PostProcessing = host.Components.PostProcessing,
                SourceName = original.Source,
            };
            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            await using var service = host.CreateService(factory);
            var result = await service.TranscribeFileAsync(audio, job, cancellationToken).ConfigureAwait(false);
            var revision = result.ToHistoryEntry(original.Kind) with
            {
                Source = original.Source,
                AudioPath = original.AudioPath,
                RevisionOf = original.Id,
            };
            long stored = await store.AddAsync(revision, cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(result.Text).ConfigureAwait(false);
            await CliApplication.StatusOf(parse).WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"stored as entry {stored}, a new version of entry {number} ({result.Engine}, {result.Model})")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The audio an entry was transcribed from: its kept recording (history_keep_audio), or, for a file transcription,
    /// the file itself while it still exists.
    /// </summary>
    /// <exception cref="HistoryException">Neither is there.</exception>
    private static string AudioOf(HistoryEntry entry, long number)
    {
        if (entry.AudioPath is { } kept)
        {
            return File.Exists(kept) ? kept : throw new HistoryException($"entry {number}'s kept audio {kept} is gone");
        }

        if (entry.Kind == "file" && File.Exists(entry.Source))
        {
            return entry.Source;
        }

        string why = entry.Kind == "file" ? $"its file {entry.Source} no longer exists and" : "it";
        throw new HistoryException(
            $"entry {number} has no audio to transcribe again: {why} was stored with history_keep_audio off; turn it on to keep the audio of later dictations");
    }
}
