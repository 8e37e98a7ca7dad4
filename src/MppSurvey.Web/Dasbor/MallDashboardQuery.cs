using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Dasbor;

/// <summary>
/// Everything the regional head's dashboard shows for one MPP and period. Indices and the respondent
/// profile come from the stored results of the index job (one snapshot: the summary, the profile, the
/// workbook and the open data show the same n and when it was computed); only the latest suggestions
/// (LIMIT 20) touch responses, filtered on the (mall_id, period_code) index.
/// </summary>
public sealed class MallDashboardQuery(MppSurveyDbContext db)
{
    public const int SuggestionCount = 20;

    /// <summary>
    /// One agency or service in the dashboard's ranking. <paramref name="Adjusted"/> is the shrunken
    /// index (docs/method.md, Shrinkage) the rows are ranked on; <paramref name="Converted"/> is the raw
    /// published one. Both are null-free for units with answers; a unit nobody answered any element for
    /// has neither rank nor adjusted value and is listed last.
    /// </summary>
    public sealed record UnitRow(int? Rank, string Name, string? AgencyName, int Respondents, int? SampleTarget, decimal Converted, string Grade, decimal? Adjusted = null)
    {
        /// <summary>docs/method.md, Sample size (Krejcie and Morgan): a too small sample is shown as such, never hidden.</summary>
        public bool SmallSample => SampleTarget is int target && Respondents < target;
    }

    public sealed record Suggestion(DateTime SubmittedAtLocal, string? Service, string Text);

    /// <summary>Counts per category; a null key is "not filled in".</summary>
    public sealed record Profile(
        IReadOnlyList<(Gender? Key, long Count)> Gender,
        IReadOnlyList<(int? Band, long Count)> AgeBands,
        IReadOnlyList<(Education? Key, long Count)> Education,
        IReadOnlyList<(Occupation? Key, long Count)> Occupation,
        long Total);

    public sealed record Result(
        string RegencyCode,
        string MallName,
        string RegencyName,
        string PeriodCode,
        IReadOnlyList<string> Periods,
        IndexResult? Current,
        IndexResult? Previous,
        IReadOnlyList<IndexResult> Trend,
        IReadOnlyList<UnitRow> Agencies,
        IReadOnlyList<UnitRow> Services,
        Profile Profile,
        IReadOnlyList<Suggestion> Suggestions,
        string? ComputedAt = null,
        bool Provisional = false);

    /// <summary>Null when the regency has no MPP.</summary>
    public async Task<Result?> LoadAsync(string regencyCode, string? periodCode, CancellationToken ct = default)
    {
        var mall = await db.Malls.AsNoTracking().Where(m => m.RegencyCode == regencyCode)
            .Select(m => new { m.Id, m.Name, m.TimeZone, Regency = m.Regency!.Name })
            .FirstOrDefaultAsync(ct);
        if (mall is null)
        {
            return null;
        }

        var mallResults = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mall.Id && r.TemplateCode == "skm")
            .ToListAsync(ct);
        var periods = mallResults.Select(r => r.PeriodCode).Where(p => Period.TryParse(p, out _))
            .OrderByDescending(p => Period.Parse(p).StartsOn).ThenBy(p => Period.Parse(p).Kind).ToList();
        // An unknown or absent period falls back to the latest computed one rather than an empty page.
        var selected = periodCode is not null && periods.Contains(periodCode, StringComparer.Ordinal) ? periodCode : periods.FirstOrDefault();
        if (selected is null)
        {
            return new Result(regencyCode, mall.Name, mall.Regency, "", [], null, null, [], [], [], new Profile([], [], [], [], 0), []);
        }

        var period = Period.Parse(selected);
        var current = mallResults.Single(r => r.PeriodCode == selected);
        var previous = mallResults.FirstOrDefault(r => r.PeriodCode == period.Previous().Code);
        // The trend follows periods of the same kind (semesters with semesters) up to the selected one.
        var trend = mallResults
            .Where(r => Period.TryParse(r.PeriodCode, out var p) && p.Kind == period.Kind && p.StartsOn <= period.StartsOn)
            .OrderBy(r => Period.Parse(r.PeriodCode).StartsOn)
            .ToList();

        var units = await db.IndexResults.AsNoTracking()
            .Where(r => r.MallId == mall.Id && r.PeriodCode == selected && r.TemplateCode == "skm"
                && (r.UnitKind == UnitKind.Agency || r.UnitKind == UnitKind.Service))
            .ToListAsync(ct);
        var agencyNames = await db.Agencies.AsNoTracking().Where(a => a.MallId == mall.Id)
            .ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var serviceNames = await db.Services.AsNoTracking().Where(s => s.Agency!.MallId == mall.Id)
            .ToDictionaryAsync(s => s.Id, s => (s.Name, s.AgencyId), ct);

        var agencies = Ranked(current, units.Where(u => u.UnitKind == UnitKind.Agency && u.AgencyId is int id && agencyNames.ContainsKey(id))
            .Select(u => (u, agencyNames[u.AgencyId!.Value], (string?)null)));
        var services = Ranked(current, units.Where(u => u.UnitKind == UnitKind.Service && u.ServiceId is int id && serviceNames.ContainsKey(id))
            .Select(u =>
            {
                var (name, agencyId) = serviceNames[u.ServiceId!.Value];
                return (u, name, agencyNames.GetValueOrDefault(agencyId));
            }));

        var counted = await CountedAsync(mall.Id, selected, current.IncludesFlagged, ct);
        var profile = StoredProfile(current.ProfileCounts);
        var suggestions = await counted.Where(r => r.Suggestion != null && r.Suggestion != "")
            .OrderByDescending(r => r.SubmittedAtLocal).ThenBy(r => r.Id)
            .Take(SuggestionCount)
            .Select(r => new Suggestion(r.SubmittedAtLocal, db.Services.Where(s => s.Id == r.ServiceId).Select(s => s.Name).FirstOrDefault(), r.Suggestion!))
            .ToListAsync(ct);
        // Shown on screen, so masked like every quote of the citizens' voice (phone numbers, e-mails, NIK).
        suggestions = suggestions.Select(x => x with { Text = Core.Themes.SuggestionMask.Apply(x.Text) }).ToList();

        var open = await db.Surveys.AnyAsync(s => s.MallId == mall.Id && s.PeriodCode == selected && s.ClosedAt == null, ct);
        return new Result(regencyCode, mall.Name, mall.Regency, selected, periods, current, previous, trend, agencies, services, profile, suggestions,
            SnapshotTime.Format(current.ComputedAt, mall.TimeZone, System.Globalization.CultureInfo.CurrentCulture), open);
    }

    /// <summary>
    /// Sibling units (the agencies, or the services) ranked on the shrunken index towards the MPP's own
    /// (docs/method.md, Shrinkage), so a unit with a handful of answers cannot top or bottom the list by
    /// chance. n is the respondents behind the stored SE (<see cref="IndexResult.ScoreN"/>); when no
    /// sibling has two of them, the MPP's respondent-level spread (n x SE²) stands in.
    /// </summary>
    public static IReadOnlyList<UnitRow> Ranked(IndexResult mpp, IEnumerable<(IndexResult Result, string Name, string? AgencyName)> units)
    {
        ArgumentNullException.ThrowIfNull(mpp);
        ArgumentNullException.ThrowIfNull(units);
        var all = units.ToList();
        var answered = all.Where(u => u.Result.ScoreN > 0).ToList();
        double? mppVariance = mpp.StandardError is double se && mpp.ScoreN > 0 ? se * se * mpp.ScoreN : null;
        var ranked = Core.Scoring.ShrunkenIndex.Rank(
            answered,
            u => new Core.Scoring.ShrinkageInput((double)u.Result.Converted, u.Result.ScoreN, u.Result.StandardError),
            u => u.Name,
            (double)mpp.Converted,
            mppVariance);
        var rows = ranked.Select(r => Row(r.Unit, r.Rank, r.Estimate.ShrunkenRounded)).ToList();
        rows.AddRange(all.Where(u => u.Result.ScoreN == 0).OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => Row(u, null, null)));
        return rows;

        static UnitRow Row((IndexResult Result, string Name, string? AgencyName) u, int? rank, decimal? adjusted) =>
            new(rank, u.Name, u.AgencyName, u.Result.Respondents, u.Result.SampleTarget, u.Result.Converted, u.Result.Grade, adjusted);
    }

    /// <summary>The responses the stored index counted: SKM versions, flagged ones left out unless the job included them.</summary>
    private async Task<IQueryable<Response>> CountedAsync(int mallId, string periodCode, bool includesFlagged, CancellationToken ct)
    {
        var versions = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Template!.Code == "skm").Select(v => v.Id).ToArrayAsync(ct);
        var excluded = includesFlagged ? ResponseFlags.None : ResponseAggregation.ExcludedByDefault;
        return db.Responses.AsNoTracking().Where(r => r.MallId == mallId && r.PeriodCode == periodCode
            && versions.Contains(r.TemplateVersionId) && (r.Flags & excluded) == 0);
    }

    /// <summary>The profile the index job counted with the index (<see cref="RespondentProfileCounts"/>), so its total is the summary's n.</summary>
    private static Profile StoredProfile(int[]? counts)
    {
        if (counts is null)
        {
            return new Profile([], [], [], [], 0);
        }
        List<(T? Key, long Count)> By<T>(int breakdown, Func<int, T> key) where T : struct =>
            RespondentProfileCounts.Breakdown(counts, breakdown).Select(c => (c.Key is int k ? key(k) : (T?)null, c.Count)).ToList();
        var gender = By(0, k => (Gender)k);
        return new Profile(gender, By(1, k => k), By(2, k => (Education)k), By(3, k => (Occupation)k), gender.Sum(g => g.Count));
    }
}
