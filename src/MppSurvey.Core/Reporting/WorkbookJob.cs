using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting.Workbooks;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Writes the regional heads' workbooks (one per MPP and period) and the ministry's national
/// workbook, after the indices, and stores each whole with one UPSERT.
/// </summary>
public sealed partial class WorkbookJob(MppSurveyDbContext db, ILogger<WorkbookJob>? logger = null)
{
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(string[] periodCodes, CancellationToken ct = default)
    {
        var count = 0;
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
                    if (logger is not null)
                    {
                        LogWorkbookFailed(logger, e, period, regency);
                    }
                }
            }
            count += await GenerateNationalAsync(period, ct) is null ? 0 : 1;
        }
        return count;
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
        return await StoreAsync(WorkbookKind.Mall, regencyCode, periodCode, buffer.ToArray(), ct);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Workbook of period {PeriodCode}, MPP {RegencyCode} could not be written; the others were")]
    private static partial void LogWorkbookFailed(ILogger logger, Exception error, string periodCode, string regencyCode);

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
