using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using Row = MppSurvey.Core.Reporting.ResponseAggregation.Row;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The index job's aggregation as it was before the service-level roll-up: one GROUP BY GROUPING SETS
/// query over every unit level (national, province, MPP, agency, service, and per MPP and nationally
/// by service model and by channel), kept verbatim as the reference the roll-up must equal.
/// </summary>
public static class LegacyAggregation
{
    public static async Task<List<Row>> ReadAsync(MppSurveyDbContext db, IReadOnlyList<string> periods, bool includeFlagged, int? mallId, CancellationToken ct)
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
            command.Parameters.Add(new NpgsqlParameter { Value = (int)ResponseAggregation.Excluded(includeFlagged) });
            command.Parameters.Add(new NpgsqlParameter { Value = mallId.HasValue ? mallId.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
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
        s.Append("  WHERE r.period_code = ANY($1) AND (r.flags & $2) = 0 AND ($3::int IS NULL OR r.mall_id = $3)\n), scored AS (\n  SELECT r.*,\n    ");
        // Respondent-level scores (beside docs/method.md, The interval of the index): a respondent's score is their mean answer over the elements they answered.
        s.Append("(" + Each(i => $"coalesce(e{i}, 0)", " + ") + ")::float8 / nullif(" + Each(i => $"(e{i} IS NOT NULL)::int", " + ") + ", 0) AS mean_answer\n");
        s.Append("  FROM r\n)\nSELECT GROUPING(province_code, mall_id, agency_id, service_id, service_model, channel) AS level, period_code, province_code, mall_id, min(regency_code),\n");
        s.Append("  agency_id, service_id, template_version_id, count(*), count(mean_answer), sum(mean_answer),\n  ");
        s.Append(Each(i => $"count(e{i}), sum(e{i})", ",\n  "));
        s.Append(",\n  sum(mean_answer * mean_answer),\n  ");
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
