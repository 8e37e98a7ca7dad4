namespace MppSurvey.Core.FollowUp;

public enum FollowUpStatus
{
    Planned = 1,
    InProgress = 2,
    Done = 3,
}

/// <summary>
/// One action of an MPP's follow-up plan (rencana tindak lanjut of PermenPANRB 14/2017) for one
/// period: what will be done about one element, when (per quarter), by whom, and how far it got.
/// The next period's view puts its outcome next to that element's change.
/// </summary>
public sealed class FollowUpAction
{
    public const int MaxActionLength = 1000;
    public const int MaxTimelineLength = 40;
    public const int MaxPersonLength = 120;
    public const int MaxEvidenceLength = 1000;

    public long Id { get; set; }
    public int MallId { get; set; }
    public required string PeriodCode { get; init; }
    public required string ElementCode { get; set; }
    public string Action { get; set; } = "";
    /// <summary>The quarter(s) the plan names, as written (e.g. <c>2026-Q1</c> or <c>Triwulan I 2026</c>).</summary>
    public string Timeline { get; set; } = "";
    public string PersonInCharge { get; set; } = "";
    public FollowUpStatus Status { get; set; } = FollowUpStatus.Planned;
    public string? EvidenceNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
