using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// What the semester report shows: the regional head's workbook data (the index job's stored
/// figures, loaded once by <see cref="MallWorkbookLoader"/> for both files) plus the few facts only the
/// report states: the stored headline (IKM konversi and grade exactly as the dashboard shows them),
/// the population the MPP entered, and the period's dates.
/// </summary>
/// <param name="Workbook">The same data the workbook is written from.</param>
/// <param name="Converted">The stored IKM konversi of the MPP and period (rounded to 2 decimals).</param>
/// <param name="Grade">The stored grade (A-D).</param>
/// <param name="Population">Service users in the period, as the MPP entered them (the Krejcie &amp; Morgan population), if entered.</param>
/// <param name="StartsOn">First day of the period.</param>
/// <param name="EndsOn">Last day of the period.</param>
public sealed record SemesterReportData(
    MallWorkbookData Workbook,
    decimal Converted,
    string Grade,
    int? Population,
    DateOnly StartsOn,
    DateOnly EndsOn);

/// <summary>Adds the report's own facts to already loaded workbook data.</summary>
public sealed class SemesterReportLoader(MppSurveyDbContext db)
{
    public async Task<SemesterReportData?> LoadAsync(string regencyCode, MallWorkbookData workbook, CancellationToken ct = default)
    {
        if (!Period.TryParse(workbook.PeriodCode, out var period))
        {
            return null;
        }

        var periodCode = workbook.PeriodCode;
        var stored = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.UnitKey == regencyCode && r.PeriodCode == periodCode && r.TemplateCode == "skm")
            .Select(r => new { r.Converted, r.Grade, r.MallId })
            .FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            return null;
        }

        // The index job takes the largest population entered for the MPP's SKM surveys of the period.
        var population = await db.Surveys.AsNoTracking()
            .Where(s => s.MallId == stored.MallId && s.PeriodCode == periodCode && s.TemplateVersion!.Template!.Code == "skm")
            .MaxAsync(s => s.Population, ct);
        return new SemesterReportData(workbook, stored.Converted, stored.Grade, population, period.StartsOn, period.EndsOn);
    }
}
