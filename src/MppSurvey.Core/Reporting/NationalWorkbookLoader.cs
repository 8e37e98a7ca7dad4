using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>The ministry's national workbook data for one period, from the stored index results.</summary>
public sealed class NationalWorkbookLoader(MppSurveyDbContext db)
{
    public async Task<NationalWorkbookData?> LoadAsync(string periodCode, CancellationToken ct = default)
    {
        if (!Period.TryParse(periodCode, out var period))
        {
            return null;
        }
        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.PeriodCode == periodCode && r.TemplateCode == "skm" && (r.UnitKind == UnitKind.Mall || r.UnitKind == UnitKind.National))
            .ToListAsync(ct);
        var national = results.FirstOrDefault(r => r.UnitKind == UnitKind.National);
        if (national is null)
        {
            return null;
        }
        var malls = await db.Malls.AsNoTracking()
            .Select(m => new { m.Id, m.Name, m.RegencyCode, Regency = m.Regency!.Name, m.Regency.ProvinceCode, Province = m.Regency.Province!.Name })
            .ToDictionaryAsync(m => m.Id, ct);

        // docs/method.md, Comparing MPPs fairly: the funnel plot and Over-dispersion: funnel limits around the national mean, with the spread of the
        // respondent-level scores of the whole nation, widened for over-dispersion as on the ministry's page.
        var funnel = NationalFunnel.Estimate(national, results.Where(r => r.UnitKind == UnitKind.Mall && r.MallId is int id && malls.ContainsKey(id)));
        var rows = results.Where(r => r.UnitKind == UnitKind.Mall && r.MallId is int id && malls.ContainsKey(id))
            .Select(r =>
            {
                var m = malls[r.MallId!.Value];
                return new NationalMallRow(
                    m.ProvinceCode, m.Province, m.RegencyCode, m.Regency, m.Name, r.Respondents,
                    MallWorkbookLoader.Tallies(r), r.SampleTarget,
                    r.CiLow is double low && r.CiHigh is double high ? new IndexInterval(low, high) : null,
                    r.PreviousConverted is decimal previous && MallWorkbookLoader.Verdict(r) is ChangeVerdict verdict
                        ? new PeriodComparison(period.Previous().Code, previous, verdict, r.ChangePValue)
                        : null,
                    NationalFunnel.Position(funnel, r));
            })
            .OrderBy(r => r.ProvinceCode, StringComparer.Ordinal).ThenBy(r => r.RegencyCode, StringComparer.Ordinal)
            .ToList();

        // The picture and table of the funnel sheet: the points the ministry's page plots, in its order.
        var plot = funnel is null ? null : new NationalFunnelPlot(funnel, results
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId is int id && malls.ContainsKey(id) && r.ScoreN > 0)
            .Select(r => (Result: r, Mall: malls[r.MallId!.Value]))
            .OrderBy(x => x.Mall.ProvinceCode, StringComparer.Ordinal).ThenBy(x => x.Mall.RegencyCode, StringComparer.Ordinal)
            .Select(x => new NationalFunnelPoint(x.Mall.Province, x.Mall.RegencyCode, x.Mall.Name, x.Result.ScoreN, x.Result.Converted,
                NationalFunnel.Position(funnel, x.Result)!.Value))
            .ToList());
        var other = await OtherIndicesComparison.ForPeriodAsync(db, periodCode, ct);
        var perception = new NationalPerception(other.Templates, other.Scales, other.ByMall.Values
            .Where(r => malls.ContainsKey(r.MallId))
            .Select(r => (Row: r, Mall: malls[r.MallId]))
            .OrderBy(x => x.Mall.ProvinceCode, StringComparer.Ordinal).ThenBy(x => x.Mall.RegencyCode, StringComparer.Ordinal)
            .Select(x => new NationalPerceptionRow(x.Mall.Province, x.Mall.RegencyCode, x.Mall.Name, x.Row.Figures))
            .ToList());
        return new NationalWorkbookData(periodCode, rows, plot) { Perception = perception };
    }
}
