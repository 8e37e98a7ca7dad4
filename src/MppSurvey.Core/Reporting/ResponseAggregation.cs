using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Sums and counts per element, and the respondent-score sums, for every unit level in one
/// set-based pass over the responses of the given periods (GROUP BY GROUPING SETS): national,
/// province, MPP, agency and service, and per MPP and nationally by service model and by channel. Rows are never loaded into memory; the scoring code
/// takes over from these sufficient statistics.
/// </summary>
public static class ResponseAggregation
{
    /// <summary>Flags left out of indices unless the caller asks for them (docs/method.md is silent; abuse control).</summary>
    public const ResponseFlags ExcludedByDefault = ResponseFlags.Burst | ResponseFlags.StraightLining;

    /// <summary>
    /// Left out even when flagged responses are asked for. A Late response arrived after its MPP closed
    /// the period (an offline queue); closing freezes the period's figure, which may already be
    /// published, so a late arrival is shown as a late amendment (a count) and never changes an index.
    /// </summary>
    public const ResponseFlags AlwaysExcluded = ResponseFlags.Late;

    /// <summary>The flags that keep a response out of an index.</summary>
    public static ResponseFlags Excluded(bool includeFlagged) => (includeFlagged ? ResponseFlags.None : ExcludedByDefault) | AlwaysExcluded;

    /// <param name="Answered">Per element position of the template version: respondents who answered it.</param>
    /// <param name="Sums">Per element position: the sum of their answers.</param>
    /// <param name="ScoreN">Respondents with at least one answer.</param>
    /// <param name="MeanAnswerSum">Sum over respondents of their mean answer (on the template's scale).</param>
    /// <param name="MeanAnswerSumOfSquares">Sum of the squared mean answers.</param>
    /// <param name="SquareSums">Per element position: the sum of squared answers.</param>
    /// <param name="PairSums">
    /// For each element pair i &lt; j (positions, row by row): respondents who answered both, the sum of
    /// their answers to i, to j, and of the products; with <paramref name="SquareSums"/> these are the
    /// pairwise-complete moments the index's own standard error needs (<see cref="Scoring.IndexUncertainty"/>).
    /// </param>
    public sealed record Row(
        string PeriodCode,
        UnitKind Kind,
        string? ProvinceCode,
        int? MallId,
        string? RegencyCode,
        int? AgencyId,
        int? ServiceId,
        int TemplateVersionId,
        long Respondents,
        long[] Answered,
        long[] Sums,
        long ScoreN,
        double MeanAnswerSum,
        double MeanAnswerSumOfSquares,
        long[] SquareSums,
        long[] PairSums,
        int? ServiceModel = null,
        int? Channel = null)
    {
        /// <summary>The pair moments of this row with the template version's element codes.</summary>
        public IEnumerable<Scoring.ElementPairMoments> Pairs(string[] codes)
        {
            for (var i = 0; i < codes.Length; i++)
            {
                yield return new Scoring.ElementPairMoments(codes[i], codes[i], Answered[i], Sums[i], Sums[i], SquareSums[i]);
            }
            var p = 0;
            for (var i = 0; i < Answered.Length; i++)
            {
                for (var j = i + 1; j < Answered.Length; j++, p += 4)
                {
                    if (i < codes.Length && j < codes.Length)
                    {
                        yield return new Scoring.ElementPairMoments(codes[i], codes[j], PairSums[p], PairSums[p + 1], PairSums[p + 2], PairSums[p + 3]);
                    }
                }
            }
        }
    }

    public static async Task<List<Row>> ReadAsync(MppSurveyDbContext db, IReadOnlyList<string> periods, bool includeFlagged, IReadOnlyCollection<int>? mallIds, CancellationToken ct)
    {
        var width = await db.SurveyTemplateVersions.MaxAsync(v => (int?)v.ElementCodes.Length, ct) ?? 0;
        var sql = Sql(width);
        var rows = new List<Row>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandTimeout = 0;
            command.Parameters.Add(new NpgsqlParameter { Value = periods.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = (int)Excluded(includeFlagged) });
            command.Parameters.Add(new NpgsqlParameter { Value = mallIds is null ? DBNull.Value : mallIds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var level = reader.GetInt32(0);
                var answered = new long[width];
                var sums = new long[width];
                var squares = new long[width];
                for (var i = 0; i < width; i++)
                {
                    answered[i] = reader.GetInt64(11 + 2 * i);
                    sums[i] = reader.IsDBNull(12 + 2 * i) ? 0 : reader.GetInt64(12 + 2 * i);
                    squares[i] = reader.IsDBNull(12 + 2 * width + i) ? 0 : reader.GetInt64(12 + 2 * width + i);
                }
                var pairs = new long[2 * width * (width - 1)];
                for (var i = 0; i < pairs.Length; i++)
                {
                    var column = 12 + 3 * width + i;
                    pairs[i] = reader.IsDBNull(column) ? 0 : reader.GetInt64(column);
                }
                rows.Add(new Row(
                    reader.GetString(1),
                    KindOf(level),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    reader.GetInt32(7),
                    reader.GetInt64(8),
                    answered,
                    sums,
                    reader.GetInt64(9),
                    reader.IsDBNull(10) ? 0 : reader.GetDouble(10),
                    reader.IsDBNull(11 + 2 * width) ? 0 : reader.GetDouble(11 + 2 * width),
                    squares,
                    pairs,
                    reader.IsDBNull(12 + 3 * width + pairs.Length) ? null : reader.GetInt16(12 + 3 * width + pairs.Length),
                    reader.IsDBNull(13 + 3 * width + pairs.Length) ? null : reader.GetInt32(13 + 3 * width + pairs.Length)));
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
        return rows;
    }

    // GROUPING() bits over (province_code, mall_id, agency_id, service_id, service_model, channel): 1 = rolled up.
    private static UnitKind KindOf(int level) => level switch
    {
        0b111111 => UnitKind.National,
        0b011111 => UnitKind.Province,
        0b001111 => UnitKind.Mall,
        0b000111 => UnitKind.Agency,
        0b000011 => UnitKind.Service,
        0b001101 => UnitKind.MallServiceModel,
        0b001110 => UnitKind.MallChannel,
        0b111101 => UnitKind.NationalServiceModel,
        0b111110 => UnitKind.NationalChannel,
        _ => throw new InvalidOperationException($"Unexpected grouping level {level}."),
    };

    /// <summary>
    /// The aggregation, shown here whole because the benchmark runs the same text by hand as the
    /// "SQL floor". Columns: level, period, province, mall, regency, agency, service, version,
    /// respondents, scored respondents, sum of mean answers, (answered_i, sum_i) per element,
    /// sum of squared mean answers, sum of squares per element, then per pair i &lt; j: answered both,
    /// sum of i and of j over them, sum of products (a product or sum with a blank is NULL and skipped),
    /// then the service model and the channel (set on the delivery units only, appended last so the columns before keep their places).
    /// </summary>
    public static string Sql(int width)
    {
        var s = new StringBuilder();
        string Each(Func<int, string> f, string sep) => string.Join(sep, Enumerable.Range(1, width).Select(f));
        s.Append("WITH r AS (\n  SELECT r.period_code, g.province_code, r.mall_id, m.regency_code, r.agency_id, r.service_id, r.template_version_id,\n    r.service_model, r.channel,\n    ");
        s.Append(Each(i => string.Create(CultureInfo.InvariantCulture, $"r.scores[{i}] AS e{i}"), ", "));
        s.Append("\n  FROM responses r\n  JOIN malls m ON m.id = r.mall_id\n  JOIN regencies g ON g.code = m.regency_code\n");
        s.Append("  WHERE r.period_code = ANY($1) AND (r.flags & $2) = 0 AND ($3::int[] IS NULL OR r.mall_id = ANY($3))\n), scored AS (\n  SELECT r.*,\n    ");
        // Respondent-level scores (beside docs/method.md, The interval of the index): a respondent's score is their mean answer over the elements they answered.
        // In numeric, so each group's sum is exact and does not depend on the order the rows arrive in: a full and an
        // incremental run (and two full runs over a reordered table) then store the same doubles, to the last bit.
        s.Append("(" + Each(i => $"coalesce(e{i}, 0)", " + ") + ")::numeric / nullif(" + Each(i => $"(e{i} IS NOT NULL)::int", " + ") + ", 0) AS mean_answer\n");
        s.Append("  FROM r\n)\nSELECT GROUPING(province_code, mall_id, agency_id, service_id, service_model, channel) AS level, period_code, province_code, mall_id, min(regency_code),\n");
        s.Append("  agency_id, service_id, template_version_id, count(*), count(mean_answer), sum(mean_answer)::float8,\n  ");
        s.Append(Each(i => $"count(e{i}), sum(e{i})", ",\n  "));
        s.Append(",\n  sum(mean_answer * mean_answer)::float8,\n  ");
        s.Append(Each(i => $"sum(e{i} * e{i})", ", "));
        var pairs = Enumerable.Range(1, width).SelectMany(i => Enumerable.Range(i + 1, width - i).Select(j => (i, j)))
            .Select(p => $"count(e{p.i} * e{p.j}), sum(e{p.i} + e{p.j} * 0), sum(e{p.j} + e{p.i} * 0), sum(e{p.i} * e{p.j})");
        s.Append(string.Concat(pairs.Select(p => ",\n  " + p)));
        s.Append(",\n  CASE WHEN GROUPING(service_model) = 0 THEN service_model END, CASE WHEN GROUPING(channel) = 0 THEN channel END");
        s.Append("\nFROM scored\nGROUP BY period_code, template_version_id, GROUPING SETS (\n");
        s.Append("  (), (province_code), (province_code, mall_id), (province_code, mall_id, agency_id), (province_code, mall_id, agency_id, service_id),\n");
        // The delivery units (by service model, by channel): per MPP and nationally.
        s.Append("  (province_code, mall_id, service_model), (province_code, mall_id, channel), (service_model), (channel))");
        return s.ToString();
    }
}
