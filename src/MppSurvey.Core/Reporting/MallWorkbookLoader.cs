using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Gathers one MPP's workbook data for one period from the stored results of the index job, the
/// same snapshot the dashboard and the open data show (same n, same index, its computation time),
/// never a recount of live responses. The pengolahan sheet lists the responses received up to the
/// latest one that snapshot counted; if they no longer add up to its tallies (responses re-flagged
/// or arriving out of order since), the snapshot is out of date and <see cref="SnapshotOutdatedException"/>
/// says so: the change mark guarantees the next run recomputes it.
/// </summary>
public sealed class MallWorkbookLoader(MppSurveyDbContext db)
{
    public async Task<MallWorkbookData?> LoadAsync(string regencyCode, string periodCode, CancellationToken ct = default)
    {
        var mall = await db.Malls.AsNoTracking()
            .Where(m => m.RegencyCode == regencyCode)
            .Select(m => new { m.Id, m.Name, m.TimeZone, Regency = m.Regency!.Name, Province = m.Regency.Province!.Name })
            .FirstOrDefaultAsync(ct);
        if (mall is null || !Period.TryParse(periodCode, out var period))
        {
            return null;
        }

        var stored = await db.IndexResults.AsNoTracking()
            .Where(r => r.MallId == mall.Id && r.TemplateCode == "skm"
                && (r.UnitKind == UnitKind.Mall || (r.PeriodCode == periodCode && r.UnitKind == UnitKind.Service)))
            .ToListAsync(ct);
        var mallResult = stored.FirstOrDefault(r => r.UnitKind == UnitKind.Mall && r.PeriodCode == periodCode);
        if (mallResult is null)
        {
            return null;
        }
        var skmVersions = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Template!.Code == "skm").ToDictionaryAsync(v => v.Id, ct);
        // The same flags as the index job's aggregation, up to the snapshot's latest receipt.
        var excluded = ResponseAggregation.Excluded(mallResult.IncludesFlagged);
        var versionIds = skmVersions.Keys.ToArray();
        var until = mallResult.LastReceivedAt ?? DateTimeOffset.MinValue;
        var counted = db.Responses.AsNoTracking().Where(r => r.MallId == mall.Id && r.PeriodCode == periodCode
            && versionIds.Contains(r.TemplateVersionId) && (r.Flags & excluded) == 0 && r.ReceivedAt <= until);

        var respondents = new List<RespondentRow>();
        await foreach (var r in counted.OrderBy(r => r.SubmittedAtLocal).ThenBy(r => r.Id)
                           .Select(r => new { r.TemplateVersionId, r.Scores }).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Answers are stored in the version's element order; the sheet wants code order U1..U9.
            var codes = skmVersions[r.TemplateVersionId].ElementCodes;
            var answers = SkmElements.Codes.Select(code => Array.IndexOf(codes, code) is var i and >= 0 ? r.Scores[i] : null).ToArray();
            respondents.Add(new RespondentRow(respondents.Count + 1, answers));
        }
        var tallies = Tallies(mallResult);
        if (!Matches(respondents, tallies))
        {
            throw new SnapshotOutdatedException(regencyCode, periodCode);
        }

        var agencies = await db.Agencies.AsNoTracking().Where(a => a.MallId == mall.Id).OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, Services = a.Services.OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToList() })
            .ToListAsync(ct);
        // Grouped, not a dictionary: no data, however odd, may make the workbook fail on a duplicate key.
        var byService = stored.Where(r => r.UnitKind == UnitKind.Service && r.ServiceId is not null)
            .GroupBy(r => r.ServiceId!.Value).ToDictionary(g => g.Key, g => g.First());
        var agencyRows = agencies.Select(a => new AgencyRow(a.Name, null, a.Services.Select(s => byService.TryGetValue(s.Id, out var r)
                ? new ServiceRow(s.Name, r.Respondents, Tallies(r), r.SampleTarget)
                : new ServiceRow(s.Name, 0, [], null)).ToList()))
            .ToList();

        var trendPoints = stored.Where(r => r.UnitKind == UnitKind.Mall)
            .Where(r => Period.TryParse(r.PeriodCode, out var p) && p.Kind == period.Kind && p.StartsOn <= period.StartsOn)
            .OrderBy(r => Period.Parse(r.PeriodCode).StartsOn)
            .Select(r => new TrendPoint(r.PeriodCode, r.Converted, r.CiLow, r.CiHigh, r.Respondents, Verdict(r)))
            .ToList();

        var suggestions = await counted.Where(r => r.Suggestion != null)
            .OrderBy(r => r.SubmittedAtLocal)
            .Select(r => new { r.SubmittedAtLocal, Service = db.Services.Where(s => s.Id == r.ServiceId).Select(s => s.Name).FirstOrDefault(), r.Suggestion })
            .ToListAsync(ct);
        var followUps = await new FollowUpPlan(db).WorkbookRowsAsync(mall.Id, periodCode, ct);
        var open = await db.Surveys.AnyAsync(s => s.MallId == mall.Id && s.PeriodCode == periodCode && s.ClosedAt == null, ct);

        return new MallWorkbookData(
            mall.Name,
            mall.Regency,
            mall.Province,
            periodCode,
            tallies,
            respondents,
            mallResult.SampleTarget,
            mallResult.CiLow is double low && mallResult.CiHigh is double high ? new IndexInterval(low, high) : null,
            mallResult.PreviousConverted is decimal previous && Verdict(mallResult) is ChangeVerdict verdict
                ? new PeriodComparison(period.Previous().Code, previous, verdict, mallResult.ChangePValue)
                : null,
            agencyRows,
            trendPoints,
            Profile(mallResult.ProfileCounts),
            suggestions.Select(s => new SuggestionRow(DateOnly.FromDateTime(s.SubmittedAtLocal), s.Service ?? "", s.Suggestion!)).ToList(),
            followUps,
            new WorkbookSnapshot(SnapshotTime.Format(mallResult.ComputedAt, mall.TimeZone, CultureInfo.GetCultureInfo("id-ID")), open),
            await new ThemeSummary(db).LoadAsync(mall.Id, periodCode, mallResult.IncludesFlagged, ct))
        {
            Perception = await OtherIndices.ForMallAsync(db, mall.Id, periodCode, publishedOnly: false, CultureInfo.GetCultureInfo("id-ID"), ct),
        };
    }

    internal static IReadOnlyList<ElementTally> Tallies(IndexResult r) =>
        r.ElementCodes.Select((code, i) => new ElementTally(code, r.ElementAnswered[i], r.ElementSums[i])).ToList();

    internal static ChangeVerdict? Verdict(IndexResult r) =>
        Enum.TryParse<ChangeVerdict>(r.ChangeVerdict, out var v) ? v : null;

    /// <summary>Whether the listed respondents add up to the stored tallies (the writer refuses a workbook otherwise).</summary>
    private static bool Matches(List<RespondentRow> respondents, IReadOnlyList<ElementTally> tallies) =>
        tallies.All(t => Array.IndexOf(SkmElements.Codes.ToArray(), t.Code) is var i and >= 0
            && respondents.Count(r => r.Answers[i] is not null) == t.Answered
            && respondents.Sum(r => (long)(r.Answers[i] ?? 0)) == t.Sum);

    /// <summary>The stored profile counts (<see cref="RespondentProfileCounts"/>) with the workbook's labels.</summary>
    private static RespondentProfile Profile(int[]? counts)
    {
        if (counts is null)
        {
            return RespondentProfile.Empty;
        }
        List<ProfileCount> Of(int breakdown, string[] labels) =>
            RespondentProfileCounts.Breakdown(counts, breakdown).Select((c, i) => new ProfileCount(labels[i], c.Count)).ToList();
        return new RespondentProfile(
            Of(0, ["Laki-laki", "Perempuan", "Tidak diisi"]),
            Of(1, ["17-25", "26-35", "36-45", "46-55", "56+", "Tidak diisi"]),
            Of(2, ["SD", "SMP", "SMA", "D1-D3", "S1/D4", "S2", "S3", "Tidak diisi"]),
            Of(3, ["PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya", "Tidak diisi"]));
    }
}

/// <summary>The stored figures of an MPP and period no longer match its responses; the next index run recomputes them.</summary>
public sealed class SnapshotOutdatedException(string regencyCode, string periodCode)
    : Exception($"The stored figures of {regencyCode} for {periodCode} are out of date; they are recomputed on the next index run.")
{
    public string RegencyCode { get; } = regencyCode;
    public string PeriodCode { get; } = periodCode;
}
