using System.Net;
using System.Net.Sockets;

namespace VoiceFlow.Core.Tests.Models;

/// <summary>An HttpListener on 127.0.0.1 and a free port serving one byte array, with Range support and scripted failures.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly Task _loop;

    public LocalHttpServer(byte[] content)
    {
        _content = content;
        int port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/ggml-test.bin");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Status to answer every request with instead of the file (e.g. 404).</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Abort each response after sending this many body bytes.</summary>
    public int? CloseAfterBytes { get; set; }

    /// <summary>Abort only this many responses (then serve normally); null = every response.</summary>
    public int? CloseTimes { get; set; }

    /// <summary>The Range header of every request received (null when absent).</summary>
    public List<string?> Ranges { get; } = [];

    public void Dispose()
    {
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
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        int closed = 0;
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
                    continue;
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
                        continue;
                    }

                    response.StatusCode = 206;
                    response.AddHeader("Content-Range", $"bytes {from}-{_content.Length - 1}/{_content.Length}");
                }

                long remaining = _content.Length - from;
                response.ContentLength64 = remaining;
                bool abort = CloseAfterBytes is { } limit && limit < remaining && (CloseTimes is null || closed < CloseTimes);
                if (abort)
                {
                    closed++;
                    await response.OutputStream.WriteAsync(_content.AsMemory((int)from, CloseAfterBytes!.Value));
                    await response.OutputStream.FlushAsync();
                    response.Abort();
                    continue;
                }

                await response.OutputStream.WriteAsync(_content.AsMemory((int)from));
                response.Close();
            }
            catch (HttpListenerException)
            {
                // The client went away.
            }
        }
    }
}
