namespace MppSurvey.Core.Responses;

/// <summary>One imported historic spreadsheet: its hash keeps the same file from being counted twice.</summary>
public sealed class ResponseImport
{
    public long Id { get; set; }
    public int MallId { get; init; }
    public required string PeriodCode { get; init; }
    public int? ServiceId { get; init; }
    public required string FileName { get; init; }
    public required string FileHash { get; init; }
    public int Rows { get; init; }
    public string ImportedBy { get; init; } = "";
    public DateTimeOffset ImportedAt { get; init; } = DateTimeOffset.UtcNow;
}
