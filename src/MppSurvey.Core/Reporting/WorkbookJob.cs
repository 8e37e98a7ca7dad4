using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting.SemesterReport;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Telemetry;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Writes the regional heads' workbooks (one per MPP and period) and the ministry's national
/// workbook, after the indices, and stores each whole with one UPSERT. A run logs its start and end
/// under a per-run correlation id (<see cref="WorkbookJobLog"/>) and measures its duration.
/// </summary>
public sealed class WorkbookJob(MppSurveyDbContext db, ILogger<WorkbookJob>? logger = null, SurveyMetrics? metrics = null)
{
    public const string JobName = "workbook";

    private readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;

    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(string[] periodCodes, CancellationToken ct = default)
    {
        using var run = JobRunScope.Begin(_log, JobName);
        WorkbookJobLog.Started(_log, periodCodes.Length, string.Join(',', periodCodes));
        try
        {
            var (written, failed) = await WriteAllAsync(periodCodes, ct);
            WorkbookJobLog.Finished(_log, written, failed, periodCodes.Length, (long)run.Elapsed.TotalMilliseconds);
            metrics?.JobRun(JobName, failed == 0 ? "succeeded" : "partly_failed", run.Elapsed);
            return written;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WorkbookJobLog.Failed(_log, e, (long)run.Elapsed.TotalMilliseconds);
            metrics?.JobRun(JobName, "failed", run.Elapsed);
            throw;
        }
    }

    private async Task<(int Written, int Failed)> WriteAllAsync(string[] periodCodes, CancellationToken ct)
    {
        var count = 0;
        var failed = 0;
        foreach (var period in periodCodes)
        {
            var regencies = await db.IndexResults.AsNoTracking()
                .Where(r => r.PeriodCode == period && r.UnitKind == UnitKind.Mall && r.TemplateCode == "skm")
                .Select(r => r.UnitKey).Distinct().ToListAsync(ct);
            foreach (var regency in regencies)
            {
                // One MPP's workbook that cannot be written must not keep the others from being written.
                try
                {
                    count += await GenerateMallAsync(regency, period, ct) is null ? 0 : 1;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    db.ChangeTracker.Clear();
                    failed++;
                    WorkbookJobLog.WorkbookFailed(_log, e, period, regency);
                }
            }
            count += await GenerateNationalAsync(period, ct) is null ? 0 : 1;
        }
        return (count, failed);
    }

    public async Task<byte[]?> GenerateMallAsync(string regencyCode, string periodCode, CancellationToken ct = default)
    {
        var data = await new MallWorkbookLoader(db).LoadAsync(regencyCode, periodCode, ct: ct);
        if (data is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        MallWorkbook.Write(data, buffer);
        var workbook = await StoreAsync(WorkbookKind.Mall, regencyCode, periodCode, buffer.ToArray(), ct);
        await StoreReportAsync(regencyCode, data, ct);
        return workbook;
    }

    /// <summary>Writes and stores the MPP's semester report (.docx) of the period; null when the period has no stored results.</summary>
    public async Task<byte[]?> GenerateReportAsync(string regencyCode, string periodCode, CancellationToken ct = default)
    {
        var data = await new MallWorkbookLoader(db).LoadAsync(regencyCode, periodCode, ct: ct);
        return data is null ? null : await StoreReportAsync(regencyCode, data, ct);
    }

    private async Task<byte[]?> StoreReportAsync(string regencyCode, MallWorkbookData workbook, CancellationToken ct)
    {
        var data = await new SemesterReportLoader(db).LoadAsync(regencyCode, workbook, ct);
        if (data is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        SemesterReportDocument.Write(data, buffer);
        return await StoreAsync(WorkbookKind.SemesterReport, regencyCode, workbook.PeriodCode, buffer.ToArray(), ct);
    }

    public async Task<byte[]?> GenerateNationalAsync(string periodCode, CancellationToken ct = default)
    {
        var data = await new NationalWorkbookLoader(db).LoadAsync(periodCode, ct);
        if (data is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        NationalWorkbook.Write(data, buffer);
        return await StoreAsync(WorkbookKind.National, "ID", periodCode, buffer.ToArray(), ct);
    }

    private async Task<byte[]> StoreAsync(WorkbookKind kind, string unitKey, string periodCode, byte[] content, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO stored_workbooks (kind, unit_key, period_code, content, generated_at)
            VALUES ({(int)kind}, {unitKey}, {periodCode}, {content}, {DateTimeOffset.UtcNow})
            ON CONFLICT (kind, unit_key, period_code) DO UPDATE SET content = excluded.content, generated_at = excluded.generated_at
            """, ct);
        return content;
    }

    public async Task<byte[]?> StoredAsync(WorkbookKind kind, string unitKey, string periodCode, CancellationToken ct = default) =>
        await db.StoredWorkbooks.AsNoTracking()
            .Where(w => w.Kind == kind && w.UnitKey == unitKey && w.PeriodCode == periodCode)
            .Select(w => w.Content)
            .FirstOrDefaultAsync(ct);
}
