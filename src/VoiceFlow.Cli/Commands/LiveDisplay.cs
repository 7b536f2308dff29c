using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Streaming;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Shows live transcription: on a terminal the partial hypothesis is redrawn in place (dimmed, one line) and each final
/// replaces it on a line of its own; elsewhere (pipe, file) only finals are written, one per line. Finals also go to
/// the configured delivery output when it is not stdout (which adds the trailing space, append_trailing_space).
/// </summary>
internal sealed class LiveDisplay(TextWriter output, bool terminal, ITextOutput? delivery)
{
    private const string ClearLine = "\r\u001b[2K";
    private bool _partialShown;

    public async Task ShowAsync(LiveTranscriptionEvent transcript, CancellationToken cancellationToken)
    {
        switch (transcript)
        {
            case LivePartialTranscript hypothesis when terminal:
                await output.WriteAsync($"{ClearLine}\u001b[2m{FitLine(hypothesis.Text)}\u001b[0m").ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                _partialShown = true;
                break;
            case LiveFinalTranscript final:
                await ClearPartialAsync().ConfigureAwait(false);
                await output.WriteLineAsync(final.Text).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (delivery is not null)
                {
                    await delivery.DeliverAsync(final.Text, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Removes a partial still on screen (at the end, when its utterance gave no final).</summary>
    public async Task ClearPartialAsync()
    {
        if (_partialShown)
        {
            await output.WriteAsync(ClearLine).ConfigureAwait(false);
            _partialShown = false;
        }
    }

    /// <summary>The end of the text when it is wider than the terminal: redrawing in place only works on one line.</summary>
    private static string FitLine(string text)
    {
        int width = Math.Max(20, GetWidth() - 1);
        return text.Length <= width ? text : "…" + text[^(width - 1)..];
    }

    private static int GetWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
