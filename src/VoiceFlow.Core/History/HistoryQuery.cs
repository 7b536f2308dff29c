namespace VoiceFlow.Core.History;

/// <summary>Which history entries to list, newest first.</summary>
public sealed record HistoryQuery
{
    /// <summary>Only entries whose text contains this (case-insensitive); null for all.</summary>
    public string? Search { get; init; }

    /// <summary>At most this many entries.</summary>
    public int Limit { get; init; } = 20;
}
