using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>Writes each dictation as one line to a writer (the process's stdout by default) and flushes it.</summary>
public sealed class StdoutTextOutput : ITextOutput
{
    private readonly TextWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="writer">Where lines go; null for <see cref="Console.Out"/>.</param>
    public StdoutTextOutput(TextWriter? writer = null) => _writer = writer ?? Console.Out;

    public string Name => "stdout";

    public async Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A terminal interprets escape sequences: only line breaks and tabs survive. The trailing space that
        // separates typed dictations means nothing on a line of its own.
        string line = ControlCharacters.Strip(text, LayoutCharacters.All).TrimEnd();
        if (line.Length == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new TextOutputException($"cannot write to stdout: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }
}
