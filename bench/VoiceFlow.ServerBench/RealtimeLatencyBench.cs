using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.ServerBench;

/// <summary>
/// Latency of the Realtime transcription path (<c>/v1/realtime</c>): from the last <c>input_audio_buffer.append</c>
/// (manual mode: the commit right after it) to <c>conversation.item.input_audio_transcription.completed</c>, for
/// corpus sentences sent as 24 kHz PCM16 as fast as the socket takes them, one session at a time. Server VAD mode sends
/// 1 s of silence after the speech, so its latency includes the end-of-turn silence the server waits for
/// (<c>silence_duration_ms</c> 500) minus what the silence already covers.
/// </summary>
internal static class RealtimeLatencyBench
{
    public static async Task<int> RunAsync(Uri server, string? apiKey, int sessions, string? jsonPath, CancellationToken cancellationToken)
    {
        var sentences = BenchAudio.Sentences().Take(sessions).ToList();
        var results = new Dictionary<string, List<double>> { ["manual_commit"] = [], ["server_vad"] = [] };
        foreach (string mode in results.Keys)
        {
            foreach (var sentence in sentences)
            {
                float[] speech = sentence.LoadSamples();
                double ms = await MeasureAsync(server, apiKey, speech, mode == "server_vad", cancellationToken).ConfigureAwait(false);
                results[mode].Add(ms);
            }

            var list = results[mode];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"realtime {mode}: last append -> completed: mean {list.Average():0} ms, median {Median(list):0} ms, max {list.Max():0} ms over {list.Count} session(s)"));
        }

        if (jsonPath is not null)
        {
            var data = new { sessions, latency_ms = results };
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(data, new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"wrote {jsonPath}");
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(Uri server, string? apiKey, float[] speech, bool serverVad, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }

        await socket.ConnectAsync(new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/v1/realtime", Query = "intent=transcription" }.Uri, cancellationToken).ConfigureAwait(false);
        string turns = serverVad ? """{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500}""" : "null";
        string update = """{"type":"session.update","session":{"type":"transcription","audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"language":"en"},"turn_detection":TURNS}}}}""";
        await SendAsync(socket, update.Replace("TURNS", turns, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        await WaitForAsync(socket, "session.updated", cancellationToken).ConfigureAwait(false);

        float[] audio = [.. Resampler.Resample(speech, AudioFormat.RecognizerSampleRate, 24_000), .. serverVad ? new float[24_000] : []];
        byte[] pcm = new byte[audio.Length * 2];
        for (int i = 0; i < audio.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), (short)Math.Clamp(Math.Round(audio[i] * 32767), short.MinValue, short.MaxValue));
        }

        const int Chunk = 4800; // 100 ms
        long last = 0;
        for (int offset = 0; offset < pcm.Length; offset += Chunk)
        {
            string base64 = Convert.ToBase64String(pcm.AsSpan(offset, Math.Min(Chunk, pcm.Length - offset)));
            await SendAsync(socket, $$"""{"type":"input_audio_buffer.append","audio":"{{base64}}"}""", cancellationToken).ConfigureAwait(false);
            last = Stopwatch.GetTimestamp();
        }

        if (!serverVad)
        {
            await SendAsync(socket, """{"type":"input_audio_buffer.commit"}""", cancellationToken).ConfigureAwait(false);
        }

        await WaitForAsync(socket, "conversation.item.input_audio_transcription.completed", cancellationToken).ConfigureAwait(false);
        double ms = Stopwatch.GetElapsedTime(last).TotalMilliseconds;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken).ConfigureAwait(false);
        return ms;
    }

    private static Task SendAsync(WebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task WaitForAsync(WebSocket socket, string type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        byte[] buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the server closed the session before '{type}'");
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using var json = JsonDocument.Parse(message.ToArray());
            message.SetLength(0);
            string? got = json.RootElement.GetProperty("type").GetString();
            if (got == "error")
            {
                throw new InvalidOperationException("error event: " + json.RootElement.GetProperty("error").GetProperty("message").GetString());
            }

            if (got == type)
            {
                return;
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
