using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Dasbor;

/// <summary>
/// The follow-up plan on the regional head's dashboard: the actions planned on the previous period's
/// results (now being carried out) and on the shown period's, each with its status and its element's
/// change since the plan was made: the element's stored value (NRR x 25) in the plan's period against
/// the latest stored period of the same kind after it. Stored results only, never recomputed.
/// </summary>
public sealed class FollowUpProgress(MppSurveyDbContext db)
{
    /// <param name="Then">The element in the plan's own period (the results the plan answered).</param>
    /// <param name="NowPeriod">The latest stored period after the plan's, or null when none is computed yet.</param>
    public sealed record Row(FollowUpAction Action, decimal? Then, string? NowPeriod, decimal? Now)
    {
        public decimal? Change => Then is decimal t && Now is decimal n ? n - t : null;
    }

    public async Task<IReadOnlyList<Row>> LoadAsync(int mallId, string periodCode, CancellationToken ct = default)
    {
        var period = Period.Parse(periodCode);
        var planPeriods = new[] { period.Previous().Code, periodCode };
        var actions = await db.FollowUpActions.AsNoTracking()
            .Where(a => a.MallId == mallId && planPeriods.Contains(a.PeriodCode))
            .ToListAsync(ct);
        if (actions.Count == 0)
        {
            return [];
        }
        var results = (await db.IndexResults.AsNoTracking()
                .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && r.TemplateCode == "skm")
                .ToListAsync(ct))
            .Where(r => Period.TryParse(r.PeriodCode, out var p) && p.Kind == period.Kind)
            .OrderBy(r => Period.Parse(r.PeriodCode).StartsOn)
            .ToList();
        return actions
            .OrderBy(a => Period.Parse(a.PeriodCode).StartsOn).ThenBy(a => a.ElementCode, StringComparer.Ordinal).ThenBy(a => a.Id)
            .Select(a =>
            {
                var starts = Period.Parse(a.PeriodCode).StartsOn;
                var then = results.FirstOrDefault(r => r.PeriodCode == a.PeriodCode);
                var now = results.LastOrDefault(r => Period.Parse(r.PeriodCode).StartsOn > starts);
                return new Row(a, Value(then, a.ElementCode), now?.PeriodCode, Value(now, a.ElementCode));
            })
            .ToList();
    }

    private static decimal? Value(IndexResult? result, string code) =>
        result is null ? null : FollowUpPlan.ElementScores(result).FirstOrDefault(s => s.Code == code)?.Converted;
}
