using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The Hangfire entry point of <see cref="RecomputeIndices"/>: records the run and its progress in
/// job_runs (on a connection of its own, so progress is visible while the job's transaction is
/// open). Hangfire retries a failed run; one run at a time, across all app instances. Without
/// periods it computes every period with a change mark (any writer's changes, open or closed period).
/// An MPP that fails is logged and named in the run's record; the others are written all the same.
/// </summary>
public sealed partial class IndexJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, ILogger<IndexJob> logger)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string[]? periodCodes, bool includeFlagged, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var job = new RecomputeIndices(db);
        var periods = periodCodes is { Length: > 0 } ? periodCodes : await job.PendingPeriodsAsync(ct);

        await using var progressScope = scopes.CreateAsyncScope();
        var progressDb = progressScope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        // One run at a time (the lock above, across instances): a run still marked Running is one whose
        // process died mid-way (killed, node lost). Hangfire retries it as this run; say so on the old row.
        await progressDb.JobRuns
            .Where(r => r.Kind == RecomputeIndices.JobKind && r.Status == JobRunStatus.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, JobRunStatus.Failed)
                .SetProperty(r => r.Message, "Interrupted: the process stopped during the run; it was run again.")
                .SetProperty(r => r.FinishedAt, DateTimeOffset.UtcNow), ct);
        var run = new JobRun { Kind = RecomputeIndices.JobKind, Parameters = string.Join(',', periods) + (includeFlagged ? ";flagged" : "") };
        progressDb.JobRuns.Add(run);
        await progressDb.SaveChangesAsync(ct);
        try
        {
            var outcome = await job.RunAsync(periods, includeFlagged, (done, total) =>
            {
                run.Done = done;
                run.Total = total;
                // Synchronous on purpose: progress is rare (every 1,000 units) and must not reorder.
                progressDb.SaveChanges();
            }, ct);
            foreach (var failure in outcome.Failures)
            {
                LogUnitFailed(logger, failure.Error, failure.PeriodCode, failure.RegencyCode ?? "(national/province)", failure.MallId);
            }
            run.Status = outcome.Failures.Count == 0 ? JobRunStatus.Succeeded : JobRunStatus.PartlyFailed;
            run.Message = outcome.Failures.Count == 0 ? null : Describe(outcome.Failures);
            run.Done = run.Total = outcome.Written;
            // The regional heads' workbooks follow the indices they show.
            var periodArray = periods.ToArray();
            if (periodArray.Length > 0)
            {
                jobs.Enqueue<WorkbookJob>(w => w.RunAsync(periodArray, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Status = JobRunStatus.Failed;
            run.Message = e.Message;
            throw;
        }
        finally
        {
            run.FinishedAt = DateTimeOffset.UtcNow;
            await progressDb.SaveChangesAsync(CancellationToken.None);
        }
    }

    /// <summary>The failed units for the run record, shortened so one bad night cannot fill the table.</summary>
    internal static string Describe(IReadOnlyList<RecomputeIndices.Failure> failures)
    {
        var text = string.Join("; ", failures.Select(f => $"{f.PeriodCode} {f.RegencyCode ?? "nasional/provinsi"}: {f.Error.Message}"));
        return text.Length <= 2000 ? text : text[..2000] + " …";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Index of period {PeriodCode}, MPP {RegencyCode} (id {MallId}) could not be computed; its previous results stay and it is retried on the next run")]
    private static partial void LogUnitFailed(ILogger logger, Exception error, string periodCode, string regencyCode, int? mallId);

    public static async Task<JobRun?> LatestAsync(MppSurveyDbContext db, CancellationToken ct = default) =>
        await db.JobRuns.AsNoTracking().Where(r => r.Kind == RecomputeIndices.JobKind).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
}
