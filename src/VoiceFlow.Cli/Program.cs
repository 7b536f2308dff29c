using VoiceFlow.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
