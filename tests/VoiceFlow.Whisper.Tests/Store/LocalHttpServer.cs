using System.Net;
using System.Net.Sockets;

namespace VoiceFlow.Whisper.Tests.Store;

/// <summary>An HttpListener on 127.0.0.1 and a free port serving one byte array, with Range support and scripted failures.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _closed;

    public LocalHttpServer(byte[] content)
    {
        _content = content;
        int port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/ggml-test.bin");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>Status to answer every request with instead of the file (e.g. 404).</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Abort each response after sending this many body bytes.</summary>
    public int? CloseAfterBytes { get; set; }

    /// <summary>Abort only this many responses (then serve normally); null = every response.</summary>
    public int? CloseTimes { get; set; }

    /// <summary>Send this many body bytes, then nothing until the server is disposed.</summary>
    public int? StallAfterBytes { get; set; }

    /// <summary>The Range header of every request received (null when absent).</summary>
    public List<string?> Ranges { get; } = [];

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with an exception when the listener stops.
        }

        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Each request on its own task, so a stalled response does not block the next request.
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string? range = request.Headers["Range"];
        lock (Ranges)
        {
            Ranges.Add(range);
        }

        try
        {
            if (FailWith is { } status)
            {
                response.StatusCode = (int)status;
                response.Close();
                return;
            }

            long from = 0;
            if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
            {
                from = long.Parse(range[6..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                if (from >= _content.Length)
                {
                    response.StatusCode = 416;
                    response.AddHeader("Content-Range", $"bytes */{_content.Length}");
                    response.Close();
                    return;
                }

                response.StatusCode = 206;
                response.AddHeader("Content-Range", $"bytes {from}-{_content.Length - 1}/{_content.Length}");
            }

            long remaining = _content.Length - from;
            response.ContentLength64 = remaining;
            if (StallAfterBytes is { } stallAt && stallAt < remaining)
            {
                await response.OutputStream.WriteAsync(_content.AsMemory((int)from, stallAt));
                await response.OutputStream.FlushAsync();
                await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                response.Abort();
                return;
            }

            if (CloseAfterBytes is { } limit && limit < remaining && (CloseTimes is null || Interlocked.Increment(ref _closed) <= CloseTimes))
            {
                await response.OutputStream.WriteAsync(_content.AsMemory((int)from, limit));
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(_content.AsMemory((int)from));
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away or the server is stopping.
        }
    }
}
