using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using MppSurvey.Core.Database;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The index job: for every national, province, MPP, agency and service unit of the given periods,
/// aggregates the responses in SQL, scores the sums with the scoring engine (so the job and the
/// `score` tool can never disagree), and replaces the stored results of those periods in one
/// transaction. A run that fails part-way leaves the previous results in place; a rerun writes the
/// same figures.
/// </summary>
public sealed class RecomputeIndices(MppSurveyDbContext db)
{
    public const string JobKind = "RecomputeIndices";

    /// <summary>Progress: units written so far and in all. Thrown exceptions abort the run (and roll it back).</summary>
    public delegate void ProgressReport(long done, long total);

    /// <summary>Every period that still takes responses (a survey not yet closed) or has no results yet.</summary>
    public async Task<IReadOnlyList<string>> OpenPeriodsAsync(CancellationToken ct = default)
    {
        var open = await db.Surveys.Where(s => s.ClosedAt == null).Select(s => s.PeriodCode).Distinct().ToListAsync(ct);
        var computed = await db.IndexResults.Select(r => r.PeriodCode).Distinct().ToListAsync(ct);
        var withResponses = await db.Surveys.Select(s => s.PeriodCode).Distinct().ToListAsync(ct);
        return open.Concat(withResponses.Except(computed)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public async Task<int> RunAsync(IReadOnlyList<string> periodCodes, bool includeFlagged = false, ProgressReport? progress = null, CancellationToken ct = default)
    {
        var results = await ComputeAsync(periodCodes, includeFlagged, mallId: null, ct);
        await WriteAsync(periodCodes.ToArray(), results, progress, ct);
        return results.Count;
    }

    /// <summary>
    /// Computes (without storing) the results of the given periods; with <paramref name="mallId"/>,
    /// only that MPP's units (the workbook uses this inside its own snapshot). Periods are taken
    /// oldest first so each period's change test can use the one before it.
    /// </summary>
    public async Task<List<IndexResult>> ComputeAsync(IReadOnlyList<string> periodCodes, bool includeFlagged, int? mallId, CancellationToken ct = default)
    {
        var periods = periodCodes.Select(Period.Parse).OrderBy(p => p.StartsOn).ThenBy(p => p.Kind).ToList();
        if (periods.Count == 0)
        {
            return [];
        }
        var versions = await db.SurveyTemplateVersions.AsNoTracking().Include(v => v.Template).ToDictionaryAsync(v => v.Id, ct);
        var aggregates = await ResponseAggregation.ReadAsync(db, periods.Select(p => p.Code).ToList(), includeFlagged, mallId, ct);
        var populations = await db.Surveys.AsNoTracking()
            .Where(s => periodCodes.Contains(s.PeriodCode) && s.Population != null)
            .Select(s => new { s.MallId, s.PeriodCode, Template = s.TemplateVersion!.Template!.Code, s.Population })
            .ToListAsync(ct);

        // Merge template versions of one template by element code: codes keep the index comparable across versions.
        // The SQL groups per version, and above the MPP level its regency column is min() over that version's
        // MPPs: it must not split a national or province unit whose versions ran at different MPPs.
        var units = aggregates
            .Where(a => a.Kind switch
            {
                UnitKind.Agency => a.AgencyId is not null,
                UnitKind.Service => a.ServiceId is not null,
                // For one MPP the national and province rows would hold that MPP alone.
                UnitKind.National or UnitKind.Province => mallId is null,
                _ => true,
            })
            .GroupBy(a => new UnitKey(a.PeriodCode, versions[a.TemplateVersionId].Template!.Code, a.Kind, a.ProvinceCode, a.MallId,
                a.Kind is UnitKind.National or UnitKind.Province ? null : a.RegencyCode, a.AgencyId, a.ServiceId))
            .ToList();

        var now = DateTimeOffset.UtcNow;
        var previous = await PreviousResultsAsync(periods, mallId, ct);
        var results = new List<IndexResult>(units.Count);
        foreach (var period in periods)
        {
            foreach (var unit in units.Where(u => u.Key.Period == period.Code))
            {
                var population = unit.Key.Kind == UnitKind.Mall
                    ? populations.Where(p => p.MallId == unit.Key.MallId && p.PeriodCode == period.Code && p.Template == unit.Key.Template).Max(p => p.Population)
                    : null;
                var result = Score(unit.Key, unit.ToList(), versions, population, includeFlagged, now);
                previous.TryGetValue((period.Previous().Code, result.TemplateCode, result.UnitKind, result.UnitKey), out var before);
                Compare(result, before);
                results.Add(result);
                previous[(result.PeriodCode, result.TemplateCode, result.UnitKind, result.UnitKey)] = result;
            }
        }
        return results;
    }

    private sealed record UnitKey(string Period, string Template, UnitKind Kind, string? ProvinceCode, int? MallId, string? RegencyCode, int? AgencyId, int? ServiceId);

    private static IndexResult Score(UnitKey key, List<ResponseAggregation.Row> rows, Dictionary<int, SurveyTemplateVersion> versions,
        int? population, bool includeFlagged, DateTimeOffset now)
    {
        var first = versions[rows[0].TemplateVersionId];
        var scale = new ScoreScale(first.ScaleMin, first.ScaleMax);
        var codes = new List<string>();
        var tallies = new Dictionary<string, (long answered, long sum)>(StringComparer.Ordinal);
        long respondents = 0, scoreN = 0;
        double meanSum = 0, meanSquares = 0;
        foreach (var row in rows)
        {
            var version = versions[row.TemplateVersionId];
            for (var i = 0; i < version.ElementCodes.Length; i++)
            {
                var code = version.ElementCodes[i];
                if (!tallies.TryGetValue(code, out var t))
                {
                    codes.Add(code);
                }
                tallies[code] = (t.answered + row.Answered[i], t.sum + row.Sums[i]);
            }
            respondents += row.Respondents;
            scoreN += row.ScoreN;
            meanSum += row.MeanAnswerSum;
            meanSquares += row.MeanAnswerSumOfSquares;
        }
        var elementTallies = codes.Select(c => new ElementTally(c, tallies[c].answered, tallies[c].sum)).ToList();

        // skm-method.md section 6: the respondent score is the mean answer x 25 for SKM (or rescaled to
        // 0-100 for other scales): a linear map a*m + b, applied to the sums of m and m^2.
        var isSkm = key.Template == "skm";
        var (a, b) = isSkm ? (25.0, 0.0) : (100.0 / (scale.Max - scale.Min), -100.0 * scale.Min / (scale.Max - scale.Min));
        var summary = new RespondentScoreSummary(scoreN, a * meanSum + b * scoreN, a * a * meanSquares + 2 * a * b * meanSum + b * b * scoreN);

        decimal ikm, converted;
        string grade;
        ConfidenceInterval? ci;
        if (isSkm)
        {
            var index = IndexCalculator.Skm(elementTallies);
            (ikm, converted, grade) = (index.Ikm, index.ConvertedRounded, index.Grade.ToString());
            ci = ConfidenceInterval.ForSkmIndex(index.Converted, summary);
        }
        else
        {
            var index = IndexCalculator.OnScale(elementTallies, codes, scale);
            (ikm, converted, grade) = (index.Index, index.RescaledRounded, "");
            ci = ConfidenceInterval.ForRescaledIndex(index.Rescaled, summary);
        }

        return new IndexResult
        {
            PeriodCode = key.Period,
            TemplateCode = key.Template,
            UnitKind = key.Kind,
            UnitKey = key.Kind switch
            {
                UnitKind.National => "ID",
                UnitKind.Province => key.ProvinceCode!,
                UnitKind.Mall => key.RegencyCode!,
                UnitKind.Agency => key.AgencyId!.Value.ToString(CultureInfo.InvariantCulture),
                _ => key.ServiceId!.Value.ToString(CultureInfo.InvariantCulture),
            },
            ProvinceCode = key.ProvinceCode,
            MallId = key.MallId,
            AgencyId = key.AgencyId,
            ServiceId = key.ServiceId,
            Respondents = (int)respondents,
            ElementCodes = codes.ToArray(),
            ElementAnswered = codes.Select(c => (int)tallies[c].answered).ToArray(),
            ElementSums = codes.Select(c => tallies[c].sum).ToArray(),
            Ikm = ikm,
            Converted = converted,
            Grade = grade,
            ScoreN = summary.N,
            ScoreSum = summary.Sum,
            ScoreSumOfSquares = summary.SumOfSquares,
            CiLow = ci?.Low,
            CiHigh = ci?.High,
            // skm-method.md section 4: the Krejcie & Morgan target from the population the MPP entered.
            SampleTarget = population is int n ? (int)KrejcieMorgan.RequiredSample(n) : null,
            IncludesFlagged = includeFlagged,
            ComputedAt = now,
        };
    }

    /// <summary>skm-method.md section 6: a change is a rise or a fall only when Welch's t-test says so at alpha 0.05.</summary>
    private static void Compare(IndexResult result, IndexResult? before)
    {
        if (before is null)
        {
            return;
        }
        result.PreviousConverted = before.Converted;
        var change = PeriodChangeTest.Compare(
            new RespondentScoreSummary(before.ScoreN, before.ScoreSum, before.ScoreSumOfSquares),
            new RespondentScoreSummary(result.ScoreN, result.ScoreSum, result.ScoreSumOfSquares));
        result.ChangeVerdict = change.Verdict.ToString();
        result.ChangePValue = double.IsFinite(change.PValue) ? change.PValue : null;
    }

    /// <summary>Stored results of the periods just before the ones being computed, for the change test.</summary>
    private async Task<Dictionary<(string, string, UnitKind, string), IndexResult>> PreviousResultsAsync(List<Period> periods, int? mallId, CancellationToken ct)
    {
        var wanted = periods.Select(p => p.Previous().Code).Except(periods.Select(p => p.Code)).ToList();
        var query = db.IndexResults.AsNoTracking().Where(r => wanted.Contains(r.PeriodCode));
        if (mallId is not null)
        {
            query = query.Where(r => r.MallId == mallId);
        }
        var stored = await query.ToListAsync(ct);
        return stored.ToDictionary(r => (r.PeriodCode, r.TemplateCode, r.UnitKind, r.UnitKey));
    }

    /// <summary>Replaces the periods' results in one transaction, so readers see the old set or the new one, never a mix.</summary>
    private async Task WriteAsync(string[] periods, List<IndexResult> results, ProgressReport? progress, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var delete = new NpgsqlCommand("DELETE FROM index_results WHERE period_code = ANY($1)", connection, transaction))
            {
                delete.Parameters.Add(new NpgsqlParameter { Value = periods });
                await delete.ExecuteNonQueryAsync(ct);
            }
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY index_results (period_code, template_code, unit_kind, unit_key, province_code, mall_id, agency_id, service_id, respondents, " +
                "element_codes, element_answered, element_sums, ikm, converted, grade, score_n, score_sum, score_sum_of_squares, ci_low, ci_high, " +
                "sample_target, previous_converted, change_verdict, change_p_value, includes_flagged, computed_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                long done = 0;
                foreach (var r in results)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(r.PeriodCode, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(r.TemplateCode, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync((int)r.UnitKind, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.UnitKey, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(writer, r.ProvinceCode, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(writer, r.MallId, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(writer, r.AgencyId, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(writer, r.ServiceId, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.Respondents, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.ElementCodes, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(r.ElementAnswered, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.ElementSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(r.Ikm, NpgsqlDbType.Numeric, ct);
                    await writer.WriteAsync(r.Converted, NpgsqlDbType.Numeric, ct);
                    await writer.WriteAsync(r.Grade, NpgsqlDbType.Varchar, ct);
                    await writer.WriteAsync(r.ScoreN, NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(r.ScoreSum, NpgsqlDbType.Double, ct);
                    await writer.WriteAsync(r.ScoreSumOfSquares, NpgsqlDbType.Double, ct);
                    await WriteNullableAsync(writer, r.CiLow, NpgsqlDbType.Double, ct);
                    await WriteNullableAsync(writer, r.CiHigh, NpgsqlDbType.Double, ct);
                    await WriteNullableAsync(writer, r.SampleTarget, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(writer, r.PreviousConverted, NpgsqlDbType.Numeric, ct);
                    await WriteNullableAsync(writer, r.ChangeVerdict, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(writer, r.ChangePValue, NpgsqlDbType.Double, ct);
                    await writer.WriteAsync(r.IncludesFlagged, NpgsqlDbType.Boolean, ct);
                    await writer.WriteAsync(r.ComputedAt, NpgsqlDbType.TimestampTz, ct);
                    done++;
                    if (done % 1000 == 0 || done == results.Count)
                    {
                        progress?.Invoke(done, results.Count);
                    }
                }
                await writer.CompleteAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is T v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? writer.WriteAsync(value, type, ct) : writer.WriteNullAsync(ct);
}
