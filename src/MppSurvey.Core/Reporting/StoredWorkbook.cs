namespace MppSurvey.Core.Reporting;

public enum WorkbookKind
{
    Mall = 1,
    National = 2,

    /// <summary>The semester report (.docx) of one MPP and period, written with its workbook.</summary>
    SemesterReport = 3,
}

/// <summary>
/// A generated workbook, kept whole in the database: it is replaced by one UPSERT, so a download
/// returns the previous file or the new one, never a partial file (nor one a crashed writer left on disk).
/// </summary>
public sealed class StoredWorkbook
{
    public long Id { get; set; }
    public WorkbookKind Kind { get; init; }
    /// <summary>The MPP's regency code, or "ID" for the national workbook.</summary>
    public required string UnitKey { get; init; }
    public required string PeriodCode { get; init; }
    public required byte[] Content { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}
