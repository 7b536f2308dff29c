using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Hosting;
using VoiceFlow.Server.Realtime;
using VoiceFlow.Server.Security;
using VoiceFlow.Server.Site;
using VoiceFlow.Server.Streaming;
using VoiceFlow.Server.Wyoming;

namespace VoiceFlow.Server;

/// <summary>
/// The VoiceFlow HTTP server (ASP.NET Core on Kestrel): the OpenAI-compatible transcription API, the WebSocket stream,
/// health, Prometheus metrics, the performance stats and the web page. Start it with <see cref="StartAsync"/>, read
/// the bound <see cref="Address"/> (port 0 picks a free port), stop it with <see cref="StopAsync"/>: a stop refuses new
/// work with 503 and lets in-flight requests finish (up to <see cref="VoiceFlowServerSettings.ShutdownTimeout"/>).
/// </summary>
public sealed class VoiceFlowServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerContext _context;
    private int _stopped;

    private VoiceFlowServer(WebApplication app, ServerContext context, Uri address, IPEndPoint? wyoming)
    {
        _app = app;
        _context = context;
        Address = address;
        WyomingEndPoint = wyoming;
    }

    /// <summary>Where the Wyoming protocol is served (<c>server_wyoming</c>); null when it is off.</summary>
    public IPEndPoint? WyomingEndPoint { get; }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:8765/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The WebSocket stream's address (<c>ws://…/v1/stream</c>).</summary>
    public Uri StreamAddress => new UriBuilder(Address) { Scheme = Address.Scheme == "https" ? "wss" : "ws", Path = "/v1/stream" }.Uri;

    /// <summary>Cancelled when the server begins to stop.</summary>
    public CancellationToken Stopping => _context.Shutdown.Stopping;

    /// <summary>Checks the listen address against the key rule without starting anything (so a CLI fails before loading a model).</summary>
    /// <exception cref="Core.Errors.ConfigurationException">A non-loopback address without an API key, a bad URL, https without a
    /// certificate, or a Wyoming address beyond loopback without <c>server_wyoming_allow_remote</c>.</exception>
    public static void CheckListenAddress(Core.Configuration.VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ListenAddress.Check(options.ServerUrls, !string.IsNullOrEmpty(options.ApiKey), !string.IsNullOrEmpty(options.ServerCertificate));
        WyomingAddress.Check(options.ServerWyoming, options.ServerWyomingAllowRemote);
    }

    /// <summary>Builds and starts the server on <c>server_urls</c> (a loopback port 0 picks a free port).</summary>
    /// <exception cref="Core.Errors.ConfigurationException">A non-loopback address without an API key, or a bad URL.</exception>
    public static async Task<VoiceFlowServer> StartAsync(VoiceFlowServerSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string url = ListenAddress.Check(settings.Options.ServerUrls, !string.IsNullOrEmpty(settings.Options.ApiKey), !string.IsNullOrEmpty(settings.Options.ServerCertificate));
        var wyoming = WyomingAddress.Check(settings.Options.ServerWyoming, settings.Options.ServerWyomingAllowRemote);
        var certificate = ServerCertificate.Load(settings.Options);
        var context = new ServerContext(settings);
        try
        {
            ListenOptions? wyomingListen = null;
            var app = Build(settings, context, url, certificate, wyoming, listen => wyomingListen = listen);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var boundWyoming = wyomingListen?.IPEndPoint;
            string bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .First(a => boundWyoming is null || !new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port.Equals(boundWyoming.Port));
            return new VoiceFlowServer(app, context, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), boundWyoming);
        }
        catch
        {
            await context.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebApplication Build(
        VoiceFlowServerSettings settings, ServerContext context, string url, X509Certificate2? certificate, IPEndPoint? wyoming, Action<ListenOptions> wyomingBound)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        if (settings.LoggerFactory is not null)
        {
            builder.Services.AddSingleton<ILoggerFactory>(new ServerLoggerFactory(settings.LoggerFactory));
        }

        if (wyoming is null)
        {
            builder.WebHost.UseUrls(url);
        }

        if (certificate is not null)
        {
            // The slim builder leaves https:// addresses out unless asked.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }

            if (wyoming is not null)
            {
                // Endpoints set in code replace UseUrls: the HTTP one is set here too, then Wyoming's own.
                HttpEndpoint.Listen(kestrel, url, certificate is not null);
                kestrel.Listen(wyoming, listen =>
                {
                    listen.UseConnectionHandler<WyomingConnectionHandler>();
                    wyomingBound(listen);
                });
            }

            // Kestrel's own bound is the drain bound: an oversized upload is read (and dropped) up to it so the client,
            // still sending, can read the 413; the form limit below is the real upload limit.
            kestrel.Limits.MaxRequestBodySize = TranscriptionEndpoint.DrainLimit(settings.Options.ServerMaxUploadBytes);
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            // The whole upload stays in memory: nothing is written to disk under any name, generated or not.
            form.MemoryBufferThreshold = settings.Options.ServerMaxUploadBytes + 1;
            form.MultipartBodyLengthLimit = settings.Options.ServerMaxUploadBytes + TranscriptionEndpoint.FormOverheadBytes;
            form.ValueLengthLimit = 64 * 1024;
            form.ValueCountLimit = 64;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.ShutdownTimeout);
        builder.Services.AddSingleton(context);

        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(context.Shutdown.Begin);
        var requestLogger = (settings.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("VoiceFlow.Server.Requests");
        app.Use((http, next) => RequestLogging.InvokeAsync(http, next, requestLogger));
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (http, next) =>
        {
            SecurityHeaders.Apply(http.Response);
            await next(http).ConfigureAwait(false);
            context.ServerMetrics.RequestAnswered(RouteOf(http), http.Response.StatusCode);
        });
        bool loopbackOnly = ListenAddress.ListensOnLoopbackOnly(url);
        app.Use(async (http, next) =>
        {
            if (!HostCheck.IsAllowed(http.Request, loopbackOnly))
            {
                await RefuseAsync(http, ApiError.MisdirectedHost($"the host name '{http.Request.Host}' is refused: this server listens on loopback only, use http://127.0.0.1 or http://localhost"), 4403).ConfigureAwait(false);
                return;
            }

            await next(http).ConfigureAwait(false);
        });
        app.Use(async (http, next) =>
        {
            if (!IsProtected(http.Request.Path))
            {
                await next(http).ConfigureAwait(false);
                return;
            }

            http.Response.Headers.CacheControl = "no-store";
            if (!OriginCheck.IsAllowed(http.Request))
            {
                await RefuseAsync(http, ApiError.Forbidden($"requests from the web origin '{http.Request.Headers.Origin}' are refused; only this server's own page may call it from a browser"), 4403).ConfigureAwait(false);
                return;
            }

            bool webSocketEndpoint = http.Request.Path.StartsWithSegments("/v1/stream", StringComparison.Ordinal) || http.Request.Path.StartsWithSegments("/v1/realtime", StringComparison.Ordinal);
            if (!context.ApiKey.Allows(http.Request, acceptQueryKey: webSocketEndpoint))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                await RefuseAsync(http, ApiError.Unauthorized("missing or wrong API key: send 'Authorization: Bearer KEY' (WebSocket: ?api_key=KEY or the openai-insecure-api-key.KEY subprotocol)"), 4401).ConfigureAwait(false);
                return;
            }

            await next(http).ConfigureAwait(false);
        });

        var site = new EmbeddedSite(typeof(VoiceFlowServer).Assembly);
        app.MapPost("/v1/audio/transcriptions", (HttpContext http, ServerContext server) => TranscriptionEndpoint.HandleAsync(http, server)).DisableAntiforgery();
        app.MapPost("/v1/audio/translations", (HttpContext http, ServerContext server) => TranslationEndpoint.HandleAsync(http, server)).DisableAntiforgery();
        app.MapGet("/v1/models", (ServerContext server) => Results.Json(ModelsEndpoint.List(server), ServerJson.Default.ModelListJson));
        app.MapGet("/v1/stream", (HttpContext http, ServerContext server) => StreamEndpoint.HandleAsync(http, server));
        app.MapGet("/v1/realtime", (HttpContext http, ServerContext server) => RealtimeEndpoint.HandleAsync(http, server));
        app.MapGet("/v1/stats", (ServerContext server) => Results.Json(StatsEndpoint.Stats(server), ServerJson.Default.StatsJson));
        app.MapGet("/health", (ServerContext server) => Results.Json(StatsEndpoint.Health(server), ServerJson.Default.HealthJson,
            statusCode: server.Shutdown.IsStopping ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK));
        app.MapGet("/metrics", (ServerContext server) => Results.Text(server.Exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapGet("/", () => site.Serve(null)!);
        app.MapGet("/{**path}", (HttpContext http, string path) => site.Serve(path) ?? NotFound(http));
        app.MapFallback(NotFound);
        return app;
    }

    /// <summary>
    /// Refuses a request. A browser shows nothing of a refused WebSocket handshake, so a WebSocket is accepted and
    /// closed at once with <paramref name="webSocketCloseCode"/> (4401 key, 4403 origin) and the reason.
    /// </summary>
    private static async Task RefuseAsync(HttpContext http, ApiError error, int webSocketCloseCode)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await error.WriteAsync(http).ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        await socket.CloseOutputAsync((WebSocketCloseStatus)webSocketCloseCode, error.Message.Length > 100 ? error.Message[..100] : error.Message, http.RequestAborted).ConfigureAwait(false);
    }

    private static IResult NotFound(HttpContext http) => ApiError.NotFound($"no endpoint or file {http.Request.Method} {http.Request.Path}").ToResult();

    /// <summary>The API (and the metrics, which describe its use) need the key; the page and /health do not.</summary>
    private static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    /// <summary>A bounded label for the request metric: the endpoint's route, never the raw path.</summary>
    private static string RouteOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : "other";

    /// <summary>Refuses new work (503), waits for in-flight requests and streams, then stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // Drain phase: new work gets 503 + Retry-After while in-flight uploads and streams finish; then Kestrel stops.
        _context.Shutdown.Begin();
        using (var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            drain.CancelAfter(_context.Settings.ShutdownTimeout);
            try
            {
                await Task.WhenAll(_context.Uploads.Drained, _context.Streams.Drained).WaitAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: Kestrel's stop below cuts off what is left.
            }
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns when the host is asked to stop (Ctrl+C / SIGTERM through the console lifetime) or
    /// <paramref name="cancellationToken"/> is cancelled — without stopping Kestrel: the caller's <see cref="StopAsync"/>
    /// then drains (503 + Retry-After to new work while in-flight requests finish) before it stops listening. (The host's
    /// own WaitForShutdownAsync would stop Kestrel at once, refusing new connections and cutting running requests.)
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var stopping = _app.Lifetime.ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: the caller drains and stops.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _context.DisposeAsync().ConfigureAwait(false);
    }
}
