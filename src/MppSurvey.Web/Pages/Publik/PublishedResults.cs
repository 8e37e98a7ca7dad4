using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Publik;

/// <summary>
/// The figures the public may see: an MPP's stored SKM results (from the index job, never recomputed
/// per request) for the periods its admin or the ministry published, and nothing else. The public
/// pages, the poster and the open-data JSON all read through here, so they cannot disagree about
/// what is published.
/// </summary>
public sealed class PublishedResults(MppSurveyDbContext db)
{
    public sealed record MallSummary(string RegencyCode, string MallName, string RegencyName, string ProvinceCode, string ProvinceName, int PublishedPeriods);

    /// <param name="Converted">NRR x 25 of the element, rounded like the index; null when nobody answered it.</param>
    public sealed record ElementFigure(string Code, decimal? Converted);

    /// <param name="ComputedAt">When the index job computed these figures: the same snapshot as the dashboard and the workbook.</param>
    /// <param name="LateResponses">
    /// Responses that arrived after the period was closed (offline queues): a late amendment, counted
    /// here and never part of the figures above it.
    /// </param>
    public sealed record PeriodFigures(
        string PeriodCode,
        DateTimeOffset PublishedAt,
        int Respondents,
        decimal Converted,
        string Grade,
        double? CiLow,
        double? CiHigh,
        int? SampleTarget,
        decimal? PreviousConverted,
        string? ChangeVerdict,
        IReadOnlyList<ElementFigure> Elements,
        int LateResponses,
        DateTimeOffset ComputedAt);

    public sealed record MallFigures(MallSummary Mall, IReadOnlyList<PeriodFigures> Periods);

    /// <summary>One action of a published period's follow-up plan, as the public sees it (no evidence notes).</summary>
    public sealed record PublishedAction(string PeriodCode, string ElementCode, string Action, string Timeline, string PersonInCharge, FollowUpStatus Status);

    public async Task<List<MallSummary>> MallsAsync(CancellationToken ct = default)
    {
        var published = await PublishedQuery().GroupBy(s => s.MallId).Select(g => new { MallId = g.Key, Count = g.Select(s => s.PeriodCode).Distinct().Count() })
            .ToDictionaryAsync(g => g.MallId, g => g.Count, ct);
        var malls = await db.Malls.AsNoTracking().Where(m => m.IsActive)
            .Select(m => new { m.Id, m.RegencyCode, m.Name, Regency = m.Regency!.Name, m.Regency.ProvinceCode, Province = m.Regency.Province!.Name })
            .ToListAsync(ct);
        return malls.Select(m => new MallSummary(m.RegencyCode, m.Name, m.Regency, m.ProvinceCode, m.Province, published.GetValueOrDefault(m.Id)))
            .OrderBy(m => m.ProvinceCode, StringComparer.Ordinal).ThenBy(m => m.RegencyCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>One MPP's published periods, newest first; null when there is no such MPP.</summary>
    public async Task<MallFigures?> ForMallAsync(string regencyCode, CancellationToken ct = default)
    {
        if (!IsPlausibleRegencyCode(regencyCode))
        {
            // Not a Kemendagri code ("35.17"): no such MPP, and PostgreSQL never sees odd text (a NUL would fail the query).
            return null;
        }
        var mall = await db.Malls.AsNoTracking().Where(m => m.RegencyCode == regencyCode && m.IsActive)
            .Select(m => new { m.Id, m.RegencyCode, m.Name, Regency = m.Regency!.Name, m.Regency.ProvinceCode, Province = m.Regency.Province!.Name })
            .FirstOrDefaultAsync(ct);
        if (mall is null)
        {
            return null;
        }
        var summary = new MallSummary(mall.RegencyCode, mall.Name, mall.Regency, mall.ProvinceCode, mall.Province, 0);
        var periods = await FiguresAsync(mall.Id, ct);
        return new MallFigures(summary with { PublishedPeriods = periods.Count }, periods);
    }

    /// <summary>Every MPP with at least one published period (the open-data list).</summary>
    public async Task<List<MallFigures>> AllAsync(CancellationToken ct = default)
    {
        var malls = (await MallsAsync(ct)).Where(m => m.PublishedPeriods > 0).ToList();
        var ids = await db.Malls.AsNoTracking().Where(m => malls.Select(x => x.RegencyCode).Contains(m.RegencyCode))
            .ToDictionaryAsync(m => m.RegencyCode, m => m.Id, ct);
        var figures = new List<MallFigures>(malls.Count);
        foreach (var m in malls)
        {
            figures.Add(new MallFigures(m, await FiguresAsync(ids[m.RegencyCode], ct)));
        }
        return figures;
    }

    /// <summary>
    /// The follow-up plans of the MPP's published periods (those of <paramref name="figures"/>), newest
    /// period first. A plan belongs to the period whose results it answers, so it is public exactly
    /// when that period's results are: a plan of an open, closed-but-unpublished or reopened period
    /// never shows. Its status is the current one, so the public sees the plan move.
    /// </summary>
    public async Task<IReadOnlyList<PublishedAction>> PublishedPlanAsync(MallFigures figures, CancellationToken ct = default)
    {
        var codes = figures.Periods.Select(p => p.PeriodCode).ToList();
        if (codes.Count == 0)
        {
            return [];
        }
        var regency = figures.Mall.RegencyCode;
        var actions = await db.FollowUpActions.AsNoTracking()
            .Where(a => db.Malls.Any(m => m.Id == a.MallId && m.RegencyCode == regency && m.IsActive) && codes.Contains(a.PeriodCode))
            .OrderBy(a => a.ElementCode).ThenBy(a => a.Id)
            .Select(a => new PublishedAction(a.PeriodCode, a.ElementCode, a.Action, a.Timeline, a.PersonInCharge, a.Status))
            .ToListAsync(ct);
        return actions.OrderBy(a => codes.IndexOf(a.PeriodCode)).ToList();
    }

    /// <summary>
    /// The MPP's SPKP and SPAK results of published periods only (a survey of that template closed and
    /// published), each template at its newest published period with the published trend; nothing for
    /// an MPP that did not run them (docs/method.md, Other templates (SPKP, SPAK)).
    /// </summary>
    public async Task<IReadOnlyList<OtherIndices.Template>> PublishedOtherIndicesAsync(string regencyCode, System.Globalization.CultureInfo ui, CancellationToken ct = default)
    {
        var mallId = await db.Malls.AsNoTracking().Where(m => m.RegencyCode == regencyCode && m.IsActive).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        return mallId is int id ? await OtherIndices.ForMallAsync(db, id, null, publishedOnly: true, ui, ct) : [];
    }

    /// <summary>A regency code as Kemendagri writes it: digits and dots, short.</summary>
    public static bool IsPlausibleRegencyCode(string? code) =>
        code is { Length: > 0 and <= 16 } && code.All(c => c is (>= '0' and <= '9') or '.');

    private IQueryable<Survey> PublishedQuery() =>
        // Publishing requires closing first (the period page enforces it); both are checked here too, so
        // a published flag on a reopened survey could never expose a still-moving figure.
        db.Surveys.AsNoTracking().Where(s => s.PublishedAt != null && s.ClosedAt != null && s.TemplateVersion!.Template!.Code == "skm");

    private async Task<List<PeriodFigures>> FiguresAsync(int mallId, CancellationToken ct)
    {
        var published = await PublishedQuery().Where(s => s.MallId == mallId)
            .GroupBy(s => s.PeriodCode).Select(g => new { PeriodCode = g.Key, PublishedAt = g.Min(s => s.PublishedAt!.Value) })
            .ToListAsync(ct);
        if (published.Count == 0)
        {
            return [];
        }
        var codes = published.Select(p => p.PeriodCode).ToList();
        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.TemplateCode == "skm" && r.MallId == mallId && codes.Contains(r.PeriodCode))
            .ToListAsync(ct);
        var late = await LateCountsAsync(mallId, codes, ct);
        // The stored comparison is with the previous period whatever its state: shown only when that
        // period is published too, else its index would reach the public through the later one.
        bool PreviousPublished(string code) => codes.Contains(Period.Parse(code).Previous().Code, StringComparer.Ordinal);
        return published
            .Select(p => (p, result: results.FirstOrDefault(r => r.PeriodCode == p.PeriodCode)))
            // A period published before the job stored its figures has nothing to show yet.
            .Where(x => x.result is not null)
            .Select(x => new PeriodFigures(x.p.PeriodCode, x.p.PublishedAt, x.result!.Respondents, x.result.Converted, x.result.Grade,
                x.result.CiLow, x.result.CiHigh, x.result.SampleTarget,
                PreviousPublished(x.p.PeriodCode) ? x.result.PreviousConverted : null,
                PreviousPublished(x.p.PeriodCode) ? x.result.ChangeVerdict : null,
                FollowUpPlan.ElementScores(x.result).Select(e => new ElementFigure(e.Code, e.Converted)).ToList(),
                late.GetValueOrDefault(x.p.PeriodCode), x.result.ComputedAt))
            .OrderByDescending(f => Period.Parse(f.PeriodCode).StartsOn).ThenBy(f => Period.Parse(f.PeriodCode).Kind)
            .ToList();
    }

    /// <summary>Late responses per period: shown as the late amendment, never counted in the figures.</summary>
    public async Task<Dictionary<string, int>> LateCountsAsync(int mallId, IReadOnlyList<string> periodCodes, CancellationToken ct = default) =>
        await db.Responses.AsNoTracking()
            .Where(r => r.MallId == mallId && periodCodes.Contains(r.PeriodCode) && (r.Flags & ResponseFlags.Late) != 0)
            .GroupBy(r => r.PeriodCode).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}

/// <summary>Display helpers shared by the public pages: numbers in the page culture (id: decimal comma).</summary>
public static class PublicDisplay
{
    public static string Number(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.CurrentCulture);

    public static string Number(decimal? value) => value is decimal v ? Number(v) : "–";

    public static string Number(double value) => value.ToString("0.00", System.Globalization.CultureInfo.CurrentCulture);

    public static string Count(int value) => value.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);

    public static string GradeLabel(string grade) =>
        Enum.TryParse<MppSurvey.Core.Scoring.Grade>(grade, out var g) ? MppSurvey.Core.Scoring.Grading.Label(g, System.Globalization.CultureInfo.CurrentUICulture) : "";

    public static string ElementGrade(decimal? converted) =>
        converted is decimal c ? MppSurvey.Core.Scoring.Grading.OfRounded(c).ToString() : "";

    public static string? VerdictLabel(string? verdict) =>
        Enum.TryParse<MppSurvey.Core.Scoring.ChangeVerdict>(verdict, out var v) ? MppSurvey.Core.Scoring.ScoringText.Label(v, System.Globalization.CultureInfo.CurrentUICulture) : null;

    public static string ElementName(string code) =>
        MppSurvey.Core.Scoring.ScoringText.ElementName(code, System.Globalization.CultureInfo.CurrentUICulture);
}
