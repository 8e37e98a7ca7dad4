using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Gathers one MPP's workbook data for one period from the database, inside one REPEATABLE READ
/// snapshot, so the respondent rows of the pengolahan sheet add up exactly to the tallies that the
/// index is computed from (the writer checks that). The tallies come from the same SQL aggregation
/// and scoring code as the index job.
/// </summary>
public sealed class MallWorkbookLoader(MppSurveyDbContext db)
{
    public async Task<MallWorkbookData?> LoadAsync(string regencyCode, string periodCode, bool includeFlagged = false, CancellationToken ct = default)
    {
        var mall = await db.Malls.AsNoTracking()
            .Where(m => m.RegencyCode == regencyCode)
            .Select(m => new { m.Id, m.Name, Regency = m.Regency!.Name, Province = m.Regency.Province!.Name })
            .FirstOrDefaultAsync(ct);
        if (mall is null || !Period.TryParse(periodCode, out var period))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var results = await new RecomputeIndices(db).ComputeAsync([periodCode], includeFlagged, mall.Id, ct);
        var mallResult = results.SingleOrDefault(r => r.UnitKind == UnitKind.Mall && r.TemplateCode == "skm");
        if (mallResult is null)
        {
            return null;
        }
        var skmVersions = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Template!.Code == "skm").ToDictionaryAsync(v => v.Id, ct);
        // The same flags as the index job's aggregation, so the respondent rows add up to its tallies.
        var excluded = ResponseAggregation.Excluded(includeFlagged);
        var versionIds = skmVersions.Keys.ToArray();
        var counted = db.Responses.AsNoTracking().Where(r => r.MallId == mall.Id && r.PeriodCode == periodCode
            && versionIds.Contains(r.TemplateVersionId) && (r.Flags & excluded) == 0);

        var respondents = new List<RespondentRow>();
        await foreach (var r in counted.OrderBy(r => r.SubmittedAtLocal).ThenBy(r => r.Id)
                           .Select(r => new { r.TemplateVersionId, r.Scores }).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Answers are stored in the version's element order; the sheet wants code order U1..U9.
            var codes = skmVersions[r.TemplateVersionId].ElementCodes;
            var answers = SkmElements.Codes.Select(code => Array.IndexOf(codes, code) is var i and >= 0 ? r.Scores[i] : null).ToArray();
            respondents.Add(new RespondentRow(respondents.Count + 1, answers));
        }

        var agencies = await db.Agencies.AsNoTracking().Where(a => a.MallId == mall.Id).OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, Services = a.Services.OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToList() })
            .ToListAsync(ct);
        var byService = results.Where(r => r.UnitKind == UnitKind.Service && r.TemplateCode == "skm").ToDictionary(r => r.ServiceId!.Value);
        var agencyRows = agencies.Select(a => new AgencyRow(a.Name, null, a.Services.Select(s => byService.TryGetValue(s.Id, out var r)
                ? new ServiceRow(s.Name, r.Respondents, Tallies(r), r.SampleTarget)
                : new ServiceRow(s.Name, 0, [], null)).ToList()))
            .ToList();

        var trend = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mall.Id && r.TemplateCode == "skm" && r.PeriodCode != periodCode)
            .ToListAsync(ct);
        var trendPoints = trend.Append(mallResult)
            .Where(r => Period.Parse(r.PeriodCode).Kind == period.Kind && Period.Parse(r.PeriodCode).StartsOn <= period.StartsOn)
            .OrderBy(r => Period.Parse(r.PeriodCode).StartsOn)
            .Select(r => new TrendPoint(r.PeriodCode, r.Converted, r.CiLow, r.CiHigh, r.Respondents, Verdict(r)))
            .ToList();

        var suggestions = await counted.Where(r => r.Suggestion != null)
            .OrderBy(r => r.SubmittedAtLocal)
            .Select(r => new { r.SubmittedAtLocal, Service = db.Services.Where(s => s.Id == r.ServiceId).Select(s => s.Name).FirstOrDefault(), r.Suggestion })
            .ToListAsync(ct);

        var profile = await ProfileAsync(mall.Id, periodCode, versionIds, (int)excluded, ct);
        var followUps = await new FollowUpPlan(db).WorkbookRowsAsync(mall.Id, periodCode, ct);
        await transaction.CommitAsync(ct);

        return new MallWorkbookData(
            mall.Name,
            mall.Regency,
            mall.Province,
            periodCode,
            Tallies(mallResult),
            respondents,
            mallResult.SampleTarget,
            mallResult.CiLow is double low && mallResult.CiHigh is double high ? new IndexInterval(low, high) : null,
            mallResult.PreviousConverted is decimal previous && Verdict(mallResult) is ChangeVerdict verdict
                ? new PeriodComparison(period.Previous().Code, previous, verdict, mallResult.ChangePValue)
                : null,
            agencyRows,
            trendPoints,
            profile,
            suggestions.Select(s => new SuggestionRow(DateOnly.FromDateTime(s.SubmittedAtLocal), s.Service ?? "", s.Suggestion!)).ToList(),
            followUps);
    }

    internal static IReadOnlyList<ElementTally> Tallies(IndexResult r) =>
        r.ElementCodes.Select((code, i) => new ElementTally(code, r.ElementAnswered[i], r.ElementSums[i])).ToList();

    internal static ChangeVerdict? Verdict(IndexResult r) =>
        Enum.TryParse<ChangeVerdict>(r.ChangeVerdict, out var v) ? v : null;

    /// <summary>Profile counts (skm-method.md section 1), counted in SQL with one GROUPING SETS pass.</summary>
    private async Task<RespondentProfile> ProfileAsync(int mallId, string periodCode, int[] versions, int excluded, CancellationToken ct)
    {
        const string sql = """
            SELECT GROUPING(gender, band, education, occupation) AS level, gender, band, education, occupation, count(*)
            FROM (SELECT gender, education, occupation,
                         CASE WHEN age IS NULL THEN NULL WHEN age <= 25 THEN 1 WHEN age <= 35 THEN 2 WHEN age <= 45 THEN 3 WHEN age <= 55 THEN 4 ELSE 5 END AS band
                  FROM responses
                  WHERE mall_id = $1 AND period_code = $2 AND template_version_id = ANY($3) AND (flags & $4) = 0) r
            GROUP BY GROUPING SETS ((gender), (band), (education), (occupation))
            """;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter { Value = mallId });
        command.Parameters.Add(new NpgsqlParameter { Value = periodCode });
        command.Parameters.Add(new NpgsqlParameter { Value = versions });
        command.Parameters.Add(new NpgsqlParameter { Value = excluded });
        var counts = new Dictionary<(int level, int? value), long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var level = reader.GetInt32(0);
                // The one column not rolled up holds the value: bit 3 gender, 2 band, 1 education, 0 occupation.
                var column = level switch { 0b0111 => 1, 0b1011 => 2, 0b1101 => 3, _ => 4 };
                counts[(level, reader.IsDBNull(column) ? null : reader.GetInt32(column))] = reader.GetInt64(5);
            }
        }
        List<ProfileCount> Of(int level, IEnumerable<(int? value, string label)> categories) =>
            categories.Select(c => new ProfileCount(c.label, counts.GetValueOrDefault((level, c.value)))).ToList();

        return new RespondentProfile(
            Of(0b0111, [(1, "Laki-laki"), (2, "Perempuan"), (null, "Tidak diisi")]),
            Of(0b1011, [(1, "17-25"), (2, "26-35"), (3, "36-45"), (4, "46-55"), (5, "56+"), (null, "Tidak diisi")]),
            Of(0b1101, [(1, "SD"), (2, "SMP"), (3, "SMA"), (4, "D1-D3"), (5, "S1/D4"), (6, "S2"), (7, "S3"), (null, "Tidak diisi")]),
            Of(0b1110, [(1, "PNS"), (2, "TNI"), (3, "POLRI"), (4, "Swasta"), (5, "Wirausaha"), (6, "Pelajar/Mahasiswa"), (7, "Lainnya"), (null, "Tidak diisi")]));
    }
}
