namespace MppSurvey.Core.Reporting;

public enum JobRunStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    /// <summary>Every unit written except some MPPs that failed (named in the message); those keep their previous results and stay queued.</summary>
    PartlyFailed = 4,
}

/// <summary>
/// Progress of one run of a long job (units done / total), written outside the job's own
/// transaction so the admin page can show it while the job works.
/// </summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string Kind { get; init; }
    public string Parameters { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? FinishedAt { get; set; }
    public JobRunStatus Status { get; set; } = JobRunStatus.Running;
    public long Done { get; set; }
    public long Total { get; set; }
    public string? Message { get; set; }
}
