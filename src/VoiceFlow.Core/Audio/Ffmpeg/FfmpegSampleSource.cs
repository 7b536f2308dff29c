using System.Diagnostics;
using System.Runtime.InteropServices;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Processes;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Decodes any format ffmpeg knows (flac, mp3, ogg/opus, m4a, webm...) by running it as a child process
/// that writes mono 16 kHz f32le samples to stdout. No shell is involved (ArgumentList), inputs are
/// read only through the file: and pipe: protocols, and disposing kills the process if it still runs.
/// </summary>
internal sealed class FfmpegSampleSource : IMonoSampleSource
{
    private const int BufferBytes = 64 * 1024;

    private readonly Process _process;
    private readonly string _name;
    private readonly FfmpegLog _log = new();
    private readonly Task _stderrTask;
    private readonly Task _stdinTask;
    private readonly Stream _stdout;
    private readonly byte[] _bytes = new byte[BufferBytes];
    private readonly CancellationTokenRegistration _killOnCancel;
    private IOException? _inputError;
    private int _pendingBytes; // bytes of a float split across two pipe reads, kept at the buffer start
    private long _samples;
    private bool _ended;

    private FfmpegSampleSource(Process process, string name, Stream? input, CancellationToken cancellationToken)
    {
        _process = process;
        _name = name;
        _stdout = process.StandardOutput.BaseStream;
        _stderrTask = Task.Run(() => _log.ReadAllAsync(process.StandardError), CancellationToken.None);
        // Writing stdin and reading stderr run beside the stdout reads, so that no full pipe can stall ffmpeg.
        var stdin = input is null ? null : process.StandardInput.BaseStream;
        _stdinTask = stdin is null ? Task.CompletedTask : Task.Run(() => PumpAsync(input!, stdin, cancellationToken), CancellationToken.None);
        _killOnCancel = cancellationToken.Register(Kill);
    }

    /// <summary>Starts ffmpeg on a file (<paramref name="path"/>) or on bytes piped from <paramref name="input"/>.</summary>
    /// <exception cref="AudioFormatException">ffmpeg is not installed or cannot be started.</exception>
    internal static FfmpegSampleSource Start(string? path, Stream? input, string name, string ffmpegPath, CancellationToken cancellationToken)
    {
        try
        {
            var process = ExternalProcess.Start(new ExternalProcessRequest(ffmpegPath, [.. Arguments(path)]), redirectInput: input is not null);
            return new FfmpegSampleSource(process, name, input, cancellationToken);
        }
        catch (ExternalProcessException exception)
        {
            string where = ffmpegPath == "ffmpeg" ? "" : $" (tried '{ffmpegPath}')";
            throw new AudioFormatException($"{name}: cannot decode this format: ffmpeg is not installed{where}; install the Debian package ffmpeg.", exception);
        }
    }

    /// <summary>The command line after the executable; <paramref name="path"/> null reads from stdin.</summary>
    internal static IEnumerable<string> Arguments(string? path) =>
    [
        "-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info",
        // Only local files and our pipe: a playlist or concat list inside the input cannot reach elsewhere.
        "-protocol_whitelist", "file,pipe",
        "-i", path is null ? "pipe:0" : "file:" + Path.GetFullPath(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        // Without a bound, ffmpeg's float down-mix sums channels at -3 dB each (stereo comes out 3 dB louder);
        // rematrix_maxval 1 normalises the matrix so stereo becomes the plain average, like the WAV path.
        "-rematrix_maxval", "1.0",
        "-ac", "1", "-ar", AudioFormat.RecognizerSampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-f", "f32le", "pipe:1",
    ];

    public int SampleRate => AudioFormat.RecognizerSampleRate;

    public long? Length => null;

    public async ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken = default)
    {
        if (_ended || destination.IsEmpty) return 0;
        int wanted = (int)Math.Min(_bytes.Length, ((long)destination.Length * sizeof(float)) + _pendingBytes);
        while (true)
        {
            int read = await _stdout.ReadAsync(_bytes.AsMemory(_pendingBytes, wanted - _pendingBytes), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                await FinishAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            int total = _pendingBytes + read;
            int floats = total / sizeof(float);
            _pendingBytes = total - (floats * sizeof(float));
            if (floats == 0) continue;
            MemoryMarshal.Cast<byte, float>(_bytes.AsSpan(0, floats * sizeof(float))).CopyTo(destination.Span);
            _bytes.AsSpan(floats * sizeof(float), _pendingBytes).CopyTo(_bytes);
            _samples += floats;
            return floats;
        }
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        _ended = true;
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _stderrTask.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _inputError) is { } inputError)
            throw new AudioFormatException($"{_name}: reading the input failed: {inputError.Message}", inputError);
        if (_process.ExitCode != 0)
            throw new AudioFormatException($"{_name}: ffmpeg could not decode it: {_log.LastMessage}");
        if (_samples == 0)
            throw new AudioFormatException($"{_name}: ffmpeg found no audio in it ({_log.LastMessage})");
    }

    public AudioSourceInfo Describe() => new()
    {
        Name = _name,
        Container = _log.Container ?? "unknown",
        Encoding = _log.Codec ?? "unknown",
        SampleRate = _log.SampleRate,
        Channels = _log.Channels,
        DeclaredDuration = _log.Duration,
        Duration = AudioFormat.DurationOf((int)Math.Min(_samples, int.MaxValue)),
    };

    public async ValueTask DisposeAsync()
    {
        await _killOnCancel.DisposeAsync().ConfigureAwait(false);
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(_stderrTask, _stdinTask).ConfigureAwait(false);
        _process.Dispose();
    }

    private void Kill() => ExternalProcess.Kill(_process);

    /// <summary>
    /// Copies the caller's stream to ffmpeg's stdin. ffmpeg closing the pipe early (done, or failed) is normal;
    /// a failure to read the caller's stream is kept and reported, since ffmpeg would see it as a short file.
    /// </summary>
    private async Task PumpAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    Volatile.Write(ref _inputError, exception); // before the kill, so FinishAsync sees it
                    Kill();
                    return;
                }
                if (read == 0) return;
                await stdin.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // ffmpeg stopped reading, or the load was cancelled; its exit code and stderr tell why.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Broken pipe on close.
            }
        }
    }
}
