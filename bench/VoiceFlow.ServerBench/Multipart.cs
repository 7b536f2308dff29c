using System.Net.Http.Headers;

namespace VoiceFlow.ServerBench;

internal static class Multipart
{
    /// <summary>An OpenAI-style transcription form with <paramref name="bytes"/> as the file.</summary>
    public static MultipartFormDataContent Transcription(byte[] bytes, string fileName = "speech.wav")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return new MultipartFormDataContent { { file, "file", fileName }, { new StringContent("whisper-1"), "model" } };
    }
}
