using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary>
/// <c>stream=true</c> on <c>POST /v1/audio/transcriptions</c>: server-sent events as OpenAI sends them — a
/// <c>transcript.text.delta</c> with each segment's text as the engine decodes it, then one <c>transcript.text.done</c>
/// with the whole (filtered, post-processed) text. An error before the first event is an ordinary JSON error; after it,
/// an <c>error</c> event ends the stream.
/// </summary>
internal static class TranscriptionEventStream
{
    public static async Task<IResult> RunAsync(HttpContext http, ServerContext server, TranscriptionRequest request, TranscriptionJobOptions job)
    {
        // Segments arrive on the decoding thread; the response is written here. One item per segment: bounded by the audio limit.
        var segments = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamingJob = job with
        {
            SegmentDecoded = segment =>
            {
                string text = segment.Text.Trim();
                if (text.Length > 0)
                {
                    segments.Writer.TryWrite(text);
                }
            },
        };
        var work = RunAsync(http, server, request, streamingJob, segments.Writer);
        var events = new ServerSentEventWriter(http.Response);
        await foreach (string text in segments.Reader.ReadAllAsync(http.RequestAborted).ConfigureAwait(false))
        {
            // Joined as the final text is joined: one space between segments.
            string delta = events.Started ? " " + text : text;
            await events.WriteAsync(new TranscriptTextDeltaJson("transcript.text.delta", delta), ServerJson.Default.TranscriptTextDeltaJson, http.RequestAborted).ConfigureAwait(false);
        }

        var (result, error) = await work.ConfigureAwait(false);
        if (error is not null)
        {
            if (!events.Started)
            {
                return error.ToResult();
            }

            RequestLogging.NoteError(http, error.Message);
            await events.WriteAsync(new StreamedErrorJson("error", new ErrorBody(error.Message, error.Type, error.Param, error.Code)), ServerJson.Default.StreamedErrorJson, http.RequestAborted).ConfigureAwait(false);
            return Results.Empty;
        }

        await server.RecordHistoryAsync(result!, "server", request.DisplayName).ConfigureAwait(false);
        var usage = new TranscriptUsageJson("duration", (long)Math.Ceiling(result!.AudioDuration.TotalSeconds));
        await events.WriteAsync(new TranscriptTextDoneJson("transcript.text.done", result.Text, usage), ServerJson.Default.TranscriptTextDoneJson, http.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<(TranscriptionResult? Result, ApiError? Error)> RunAsync(
        HttpContext http, ServerContext server, TranscriptionRequest request, TranscriptionJobOptions job, ChannelWriter<string> segments)
    {
        try
        {
            await Task.Yield();
            return await TranscriptionEndpoint.RunJobAsync(http, server, request, job).ConfigureAwait(false);
        }
        finally
        {
            segments.TryComplete();
        }
    }
}
