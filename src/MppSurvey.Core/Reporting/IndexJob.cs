using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MppSurvey.Core.Database;
using MppSurvey.Core.Telemetry;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The Hangfire entry point of <see cref="RecomputeIndices"/>: records the run and its progress in
/// job_runs (on a connection of its own, so progress is visible while the job's transaction is
/// open). Hangfire retries a failed run; one run at a time, across all app instances. Without
/// periods it recomputes the changed MPPs of every period with a change mark (any writer's changes, open or
/// closed period) and rolls the national units up from the stored sums (<see cref="RecomputeIndices.RunPendingAsync"/>).
/// An MPP that fails is logged and named in the run's record; the others are written all the same.
/// Each run logs its start and its end (units, periods, MPPs, duration) under a per-run correlation id
/// (<see cref="IndexJobLog"/>) and measures its duration (<see cref="SurveyMetrics"/>).
/// </summary>
public sealed class IndexJob(IServiceScopeFactory scopes, IBackgroundJobClient jobs, ILogger<IndexJob> logger, SurveyMetrics? metrics = null)
{
    public const string JobName = "index";

    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string[]? periodCodes, bool includeFlagged, CancellationToken ct)
    {
        using var runScope = JobRunScope.Begin(logger, JobName);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var job = new RecomputeIndices(db);
        // Explicit periods are recomputed whole; without, only the changed MPPs of the marked periods (RunPendingAsync).
        var incremental = periodCodes is not { Length: > 0 };
        var periods = incremental ? await job.PendingPeriodsAsync(ct) : periodCodes!;

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
        IndexJobLog.Started(logger, run.Id, periods.Count, string.Join(',', periods), includeFlagged);
        try
        {
            RecomputeIndices.ProgressReport progress = (done, total) =>
            {
                run.Done = done;
                run.Total = total;
                // Synchronous on purpose: progress is rare (every 1,000 units) and must not reorder.
                progressDb.SaveChanges();
            };
            var outcome = incremental
                ? await job.RunPendingAsync(includeFlagged, progress, ct)
                : await job.RunAsync(periods, includeFlagged, progress, ct);
            foreach (var failure in outcome.Failures)
            {
                IndexJobLog.UnitFailed(logger, failure.Error, failure.PeriodCode, failure.RegencyCode ?? "(national/province)", failure.MallId);
            }
            run.Status = outcome.Failures.Count == 0 ? JobRunStatus.Succeeded : JobRunStatus.PartlyFailed;
            run.Message = outcome.Failures.Count == 0 ? null : Describe(outcome.Failures);
            run.Done = run.Total = outcome.Written;
            var elapsed = runScope.Elapsed;
            IndexJobLog.Finished(logger, run.Id, run.Status, outcome.Written, periods.Count, outcome.Mpps,
                outcome.Failures.Select(f => (f.PeriodCode, f.MallId)).Distinct().Count(), (long)elapsed.TotalMilliseconds,
                (long)(outcome.Took?.Read.TotalMilliseconds ?? 0), (long)(outcome.Took?.Score.TotalMilliseconds ?? 0), (long)(outcome.Took?.Write.TotalMilliseconds ?? 0));
            metrics?.JobRun(JobName, outcome.Failures.Count == 0 ? "succeeded" : "partly_failed", elapsed);
            // The regional heads' workbooks follow the indices they show.
            var periodArray = (outcome.Periods ?? periods).ToArray();
            if (periodArray.Length > 0)
            {
                jobs.Enqueue<WorkbookJob>(w => w.RunAsync(periodArray, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Status = JobRunStatus.Failed;
            run.Message = e.Message;
            // Hangfire retries the run (up to three times) and logs the retry itself.
            IndexJobLog.Failed(logger, e, run.Id, (long)runScope.Elapsed.TotalMilliseconds);
            metrics?.JobRun(JobName, "failed", runScope.Elapsed);
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

    public static async Task<JobRun?> LatestAsync(MppSurveyDbContext db, CancellationToken ct = default) =>
        await db.JobRuns.AsNoTracking().Where(r => r.Kind == RecomputeIndices.JobKind).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
}
