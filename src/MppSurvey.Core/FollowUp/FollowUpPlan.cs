using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.FollowUp;

/// <summary>
/// Reads an MPP's follow-up plan for a period together with what the stored index results say about
/// its elements: the weakest elements to target (from this period's mall result) and, for the
/// previous period's actions, each element's change (NRR x 25, this period against the previous one).
/// Figures come from <see cref="IndexResult"/> only, never recomputed per request.
/// </summary>
public sealed class FollowUpPlan(MppSurveyDbContext db)
{
    /// <summary>How many of the lowest elements the plan is pre-filled with (docs/method.md, Worked example: "the three weakest elements").</summary>
    public const int SuggestedElements = 3;

    /// <param name="Code">U1..U9.</param>
    /// <param name="Converted">NRR x 25, rounded to 2 decimals like the index (null when nobody answered it).</param>
    public sealed record ElementScore(string Code, decimal? Converted);

    /// <summary>A previous-period action with the change of its element.</summary>
    public sealed record Outcome(FollowUpAction Action, decimal? Before, decimal? After)
    {
        public decimal? Change => Before is decimal b && After is decimal a ? a - b : null;
    }

    public Task<List<FollowUpAction>> ActionsAsync(int mallId, string periodCode, CancellationToken ct = default) =>
        db.FollowUpActions.AsNoTracking().Where(a => a.MallId == mallId && a.PeriodCode == periodCode)
            .OrderBy(a => a.ElementCode).ThenBy(a => a.Id).ToListAsync(ct);

    /// <summary>Per element, NRR x 25 of the MPP's stored SKM result for the period; empty when the job has not computed it.</summary>
    public async Task<IReadOnlyList<ElementScore>> ElementScoresAsync(int mallId, string periodCode, CancellationToken ct = default)
    {
        var result = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && r.PeriodCode == periodCode && r.TemplateCode == "skm")
            .FirstOrDefaultAsync(ct);
        return result is null ? [] : ElementScores(result);
    }

    public static IReadOnlyList<ElementScore> ElementScores(IndexResult result) =>
        result.ElementCodes.Select((code, i) => new ElementScore(code, result.ElementAnswered[i] == 0
            ? null
            : Grading.Round(result.ElementSums[i] * 25m / result.ElementAnswered[i]))).ToList();

    /// <summary>
    /// The lowest elements of the period, weakest first (ties by code), as the plan's starting point.
    /// Elements nobody answered are left out: there is nothing to target.
    /// </summary>
    public static IReadOnlyList<string> Weakest(IReadOnlyList<ElementScore> scores) =>
        scores.Where(s => s.Converted is not null)
            .OrderBy(s => s.Converted).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Take(SuggestedElements).Select(s => s.Code).ToList();

    /// <summary>The previous period's actions, each with its element's score then and now.</summary>
    public async Task<List<Outcome>> OutcomesAsync(int mallId, string periodCode, CancellationToken ct = default)
    {
        var previous = Period.Parse(periodCode).Previous().Code;
        var actions = await ActionsAsync(mallId, previous, ct);
        if (actions.Count == 0)
        {
            return [];
        }
        var before = (await ElementScoresAsync(mallId, previous, ct)).ToDictionary(s => s.Code, s => s.Converted);
        var after = (await ElementScoresAsync(mallId, periodCode, ct)).ToDictionary(s => s.Code, s => s.Converted);
        return actions.Select(a => new Outcome(a, before.GetValueOrDefault(a.ElementCode), after.GetValueOrDefault(a.ElementCode))).ToList();
    }

    /// <summary>The plan's rows for the workbook's "Tindak Lanjut" sheet, with Indonesian status labels (the workbook is Indonesian).</summary>
    public async Task<IReadOnlyList<FollowUpRow>> WorkbookRowsAsync(int mallId, string periodCode, CancellationToken ct = default) =>
        (await ActionsAsync(mallId, periodCode, ct))
            .Select(a => new FollowUpRow(a.ElementCode, a.Action, a.Timeline, a.PersonInCharge, StatusLabelId(a.Status), a.EvidenceNote))
            .ToList();

    public static string StatusLabelId(FollowUpStatus status) => status switch
    {
        FollowUpStatus.Planned => "Direncanakan",
        FollowUpStatus.InProgress => "Sedang berjalan",
        _ => "Selesai",
    };
}
