using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Sums and counts per element, and the respondent-score sums, for every unit level: national,
/// province, MPP, agency and service, and per MPP and nationally by service model and by channel.
/// SQL aggregates only the finest units, per (period, template version, MPP, agency, service) and
/// per MPP by service model and by channel, in one pass over the responses; agency, MPP, province
/// and national rows are rolled up from those in code (<see cref="AggregateRollUp"/>), which is
/// exact because every statistic is a sum (docs/method.md, The index; The interval of the index).
/// Responses are never loaded into memory; the scoring code takes over from these sufficient statistics.
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

    /// <summary>
    /// Memory for the statement's hash aggregation (about 3 KB per unit of a 9-element template):
    /// with less, PostgreSQL sorts the responses on disk instead. Set for this statement only.
    /// </summary>
    public const string WorkMem = "512MB";

    /// <summary>
    /// The aggregation's settings, local to its transaction and given back afterwards: its work_mem;
    /// custom plans (a generic plan cannot see which of its filters are empty); and no JIT: the
    /// statement's two hundred aggregates took PostgreSQL about 1.5 s to compile, more than compiled
    /// code saves on a million rows (measured 8.6 s without, 9.2 s with, on the 1 M benchmark set).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> StatementSettings =
        [("work_mem", WorkMem), ("plan_cache_mode", "force_custom_plan"), ("jit", "off")];

    /// <summary>Applies <see cref="StatementSettings"/> in the transaction and returns the values they replace.</summary>
    public static async Task<string[]> ApplySettingsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        await SetAsync(connection, transaction, StatementSettings.Select(s => s.Value).ToArray(), ct);

    /// <summary>Gives the transaction back the settings <see cref="ApplySettingsAsync"/> replaced.</summary>
    public static Task RestoreSettingsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] previous, CancellationToken ct) =>
        SetAsync(connection, transaction, previous, ct);

    private static async Task<string[]> SetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] values, CancellationToken ct)
    {
        var sql = "SELECT " + string.Join(", ", StatementSettings.Select((s, i) =>
            string.Create(CultureInfo.InvariantCulture, $"current_setting('{s.Name}'), set_config('{s.Name}', ${i + 1}, true)")));
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return StatementSettings.Select((_, i) => reader.GetString(2 * i)).ToArray();
    }

    /// <summary>
    /// Every unit's rows (service, agency, MPP and its delivery units, and every unit above the MPP) of
    /// the given periods, read on the caller's connection in its transaction (or a REPEATABLE READ one of
    /// its own). The index job reads the MPP-level rows on several connections instead (<see cref="ReadFinestAsync"/>).
    /// </summary>
    public static async Task<List<Row>> ReadAsync(MppSurveyDbContext db, IReadOnlyList<string> periods, bool includeFlagged,
        IReadOnlyCollection<int>? mallIds, CancellationToken ct)
    {
        var width = await WidthAsync(db, ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            // A caller without a transaction gets one here, so the MPP look-up and the aggregation see the same data
            // and the statement's settings stay local.
            var outer = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await using var own = outer is null ? await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct) : null;
            var transaction = outer ?? own!;
            var places = await PlacesAsync(connection, transaction, ct);
            var finest = await ReadFinestAsync(connection, transaction, width, places, periods, includeFlagged, mallIds, Slice.All, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            return RollUp(finest);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>The widest template version: the aggregation has that many element columns.</summary>
    public static async Task<int> WidthAsync(MppSurveyDbContext db, CancellationToken ct) =>
        await db.SurveyTemplateVersions.MaxAsync(v => (int?)v.ElementCodes.Length, ct) ?? 0;

    /// <summary>
    /// The finest rows (per service, and per MPP by service model and by channel) of one slice of the
    /// MPPs, in the caller's transaction, with the statement's own settings (<see cref="StatementSettings"/>).
    /// </summary>
    public static async Task<List<Row>> ReadFinestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int width,
        Dictionary<int, (string Regency, string Province)> places, IReadOnlyList<string> periods, bool includeFlagged,
        IReadOnlyCollection<int>? mallIds, Slice slice, CancellationToken ct)
    {
        var malls = slice.Of(mallIds, places.Keys);
        if (malls is { Length: 0 })
        {
            return [];
        }
        var previous = await ApplySettingsAsync(connection, transaction, ct);
        var finest = new List<Row>();
        await using (var command = Command(connection, transaction, width, periods, includeFlagged, malls))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                finest.Add(Read(reader, width, places));
            }
        }
        await RestoreSettingsAsync(connection, transaction, previous, ct);
        return finest;
    }

    /// <summary>Every unit's rows from the finest ones: <see cref="MallLevel"/>, then province, national and the national delivery units.</summary>
    public static List<Row> RollUp(IReadOnlyList<Row> finest)
    {
        var mallLevel = MallLevel(finest);
        return mallLevel.Concat(AggregateRollUp.AboveMall(mallLevel.Where(r => r.Kind is UnitKind.Mall or UnitKind.MallServiceModel or UnitKind.MallChannel)))
            .OrderBy(r => r.PeriodCode, StringComparer.Ordinal).ThenBy(r => r.TemplateVersionId).ToList();
    }

    /// <summary>
    /// Agency and MPP rows from the service rows (a response with no service, or no agency, counts in a
    /// service row with an empty service, or agency, column, so it still counts for its agency and its
    /// MPP), beside the finest rows. Ordered by period and template version, as the scoring code merges
    /// versions in that order.
    /// </summary>
    public static List<Row> MallLevel(IReadOnlyList<Row> finest)
    {
        var agencies = new Dictionary<(string, int, int?, int?), Row>();
        var malls = new Dictionary<(string, int, int?), Row>();
        // In one fixed order, whatever order the hash aggregation (or the slices) returned: doubles added in another
        // order could differ in the last bit, and a full and an incremental run must store the same figures.
        foreach (var row in finest.Where(r => r.Kind == UnitKind.Service)
                     .OrderBy(r => r.PeriodCode, StringComparer.Ordinal).ThenBy(r => r.TemplateVersionId).ThenBy(r => r.MallId)
                     .ThenBy(r => r.AgencyId ?? -1).ThenBy(r => r.ServiceId ?? -1))
        {
            Add(agencies, (row.PeriodCode, row.TemplateVersionId, row.MallId, row.AgencyId), row, UnitKind.Agency, row.AgencyId);
            Add(malls, (row.PeriodCode, row.TemplateVersionId, row.MallId), row, UnitKind.Mall, null);
        }
        return finest.Concat(agencies.Values).Concat(malls.Values)
            .OrderBy(r => r.PeriodCode, StringComparer.Ordinal).ThenBy(r => r.TemplateVersionId).ToList();
    }

    private static void Add<TKey>(Dictionary<TKey, Row> units, TKey key, Row row, UnitKind kind, int? agencyId) where TKey : notnull
    {
        units[key] = units.TryGetValue(key, out var sum)
            ? sum.Plus(row)
            : row with
            {
                Kind = kind, AgencyId = agencyId, ServiceId = null,
                Answered = (long[])row.Answered.Clone(), Sums = (long[])row.Sums.Clone(),
                SquareSums = (long[])row.SquareSums.Clone(), PairSums = (long[])row.PairSums.Clone(),
            };
    }

    /// <summary>Every MPP's regency and province: looked up once, not carried through the aggregation.</summary>
    public static async Task<Dictionary<int, (string Regency, string Province)>> PlacesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var places = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT m.id, m.regency_code, g.province_code FROM malls m JOIN regencies g ON g.code = m.regency_code", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            places[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }
        return places;
    }

    /// <summary>The aggregation with its parameters, as the job runs it (the benchmark runs it bare too).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, int width, IReadOnlyList<string> periods,
        bool includeFlagged, IReadOnlyCollection<int>? mallIds)
    {
        var command = new NpgsqlCommand(Sql(width), connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = periods.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)Excluded(includeFlagged) });
        command.Parameters.Add(new NpgsqlParameter { Value = mallIds is null ? DBNull.Value : mallIds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        return command;
    }

    private static Row Read(NpgsqlDataReader reader, int width, Dictionary<int, (string Regency, string Province)> places)
    {
        // Column 12 holds every element's and pair's counts and sums in one array: one value to decode instead of ~200.
        var all = reader.GetFieldValue<long[]>(12);
        if (all.Length != 3 * width + 2 * width * (width - 1))
        {
            throw new InvalidOperationException($"The aggregation returned {all.Length} sums for {width} elements.");
        }
        var answered = new long[width];
        var sums = new long[width];
        var squares = new long[width];
        for (var i = 0; i < width; i++)
        {
            answered[i] = all[3 * i];
            sums[i] = all[3 * i + 1];
            squares[i] = all[3 * i + 2];
        }
        var pairs = all[(3 * width)..];
        var mallId = reader.GetInt32(2);
        if (!places.TryGetValue(mallId, out var place))
        {
            throw new InvalidOperationException($"Responses of MPP {mallId}, which has no regency.");
        }
        var kind = reader.GetInt32(0) switch
        {
            0b0011 => UnitKind.Service,
            0b1101 => UnitKind.MallServiceModel,
            0b1110 => UnitKind.MallChannel,
            var level => throw new InvalidOperationException($"Unexpected grouping level {level}."),
        };
        return new Row(
            reader.GetString(1),
            kind,
            place.Province,
            mallId,
            place.Regency,
            reader.IsDBNull(3) ? null : reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            reader.GetInt32(7),
            reader.GetInt64(8),
            answered,
            sums,
            reader.GetInt64(9),
            reader.IsDBNull(10) ? 0 : reader.GetDouble(10),
            reader.IsDBNull(11) ? 0 : reader.GetDouble(11),
            squares,
            pairs,
            reader.IsDBNull(5) ? null : reader.GetInt16(5),
            reader.IsDBNull(6) ? null : reader.GetInt32(6));
    }

    /// <summary>
    /// The least common multiple of 1..width when a respondent's mean answer times it fits the integer
    /// arithmetic below for any smallint answer (widths up to 12); null beyond, where numeric is used.
    /// </summary>
    public static long? MeanScale(int width)
    {
        long lcm = 1;
        for (var k = 2; k <= width; k++)
        {
            lcm = lcm / Gcd(lcm, k) * k;
            if (lcm * 32768 > 3_000_000_000)
            {
                return null;
            }
        }
        return lcm;

        static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }

    /// <summary>
    /// The aggregation. Columns: level (GROUPING bits over agency, service, service model, channel),
    /// period, MPP, agency, service, service model, channel (the last two on the delivery units only),
    /// version, respondents, scored respondents, sum and sum of squares of the mean answers, then one
    /// array: per element answered, sum, sum of squares, then per pair i &lt; j: answered both, the sums
    /// of i and of j over them, the sum of products. Each row's values are computed once: the answers
    /// are unpacked, and the mean answer and the pair products computed, in subqueries kept apart by
    /// OFFSET 0 (else the planner inlines them into every aggregate that uses them). The flags test
    /// names flags = 0 first so the planner can estimate it from the column's statistics.
    /// </summary>
    public static string Sql(int width)
    {
        string Each(Func<int, string> f, string sep) => string.Join(sep, Enumerable.Range(1, width).Select(f));
        var pairs = Enumerable.Range(1, width).SelectMany(i => Enumerable.Range(i + 1, width - i).Select(j => (i, j))).ToList();
        var answers = Each(i => $"coalesce(e{i}, 0)", " + ");
        var count = "nullif(" + Each(i => $"(e{i} IS NOT NULL)::int", " + ") + ", 0)";
        // Respondent-level scores (beside docs/method.md, The interval of the index): a respondent's score is their mean answer over
        // the elements they answered. Summed exactly, so each group's sum does not depend on the order the rows arrive in: a full and
        // an incremental run (and two full runs over a reordered table) then store the same doubles, to the last bit. The mean times
        // L = lcm(1..width) is an integer (the count of answers divides L), so the sums are integer sums, divided by L once per group;
        // numeric, slower, only for templates wider than 12 elements.
        var scale = MeanScale(width);
        var (mean, meanSum, meanSquares) = scale is long l
            ? (string.Create(CultureInfo.InvariantCulture, $"({answers})::int8 * ({l} / {count}) AS m"),
                string.Create(CultureInfo.InvariantCulture, $"(sum(m)::numeric / {l})::float8"), string.Create(CultureInfo.InvariantCulture, $"(sum(m * m)::numeric / {l * l})::float8"))
            : ($"({answers})::numeric / {count} AS m", "sum(m)::float8", "sum(m * m)::float8");
        var s = new StringBuilder();
        s.Append("SELECT GROUPING(agency_id, service_id, service_model, channel), period_code, mall_id, agency_id, service_id,\n");
        s.Append("  CASE WHEN GROUPING(service_model) = 0 THEN service_model END, CASE WHEN GROUPING(channel) = 0 THEN channel END,\n");
        s.Append("  template_version_id, count(*), count(m), " + meanSum + ", " + meanSquares + ",\n  ARRAY[");
        s.Append(string.Join(",", Enumerable.Range(1, width).Select(i => $"\n    count(e{i}), coalesce(sum(e{i}), 0), coalesce(sum(e{i} * e{i}), 0)")
            .Concat(pairs.Select(p => $"\n    count(p{p.i}_{p.j}), coalesce(sum(e{p.i}) FILTER (WHERE p{p.i}_{p.j} IS NOT NULL), 0), " +
                $"coalesce(sum(e{p.j}) FILTER (WHERE p{p.i}_{p.j} IS NOT NULL), 0), coalesce(sum(p{p.i}_{p.j}), 0)"))));
        s.Append("]::int8[]\nFROM (\n  SELECT a.*,\n    ");
        s.Append(mean);
        s.Append(string.Concat(pairs.Select(p => $",\n    e{p.i} * e{p.j} AS p{p.i}_{p.j}")));
        s.Append("\n  FROM (\n    SELECT r.period_code, r.template_version_id, r.mall_id, r.agency_id, r.service_id, r.service_model, r.channel,\n      ");
        // As int: a product of two smallint answers may not fit a smallint.
        s.Append(Each(i => string.Create(CultureInfo.InvariantCulture, $"r.scores[{i}]::int AS e{i}"), ", "));
        s.Append("\n    FROM responses r\n    WHERE r.period_code = ANY($1) AND (r.flags = 0 OR (r.flags & $2) = 0) AND ($3::int[] IS NULL OR r.mall_id = ANY($3))\n    OFFSET 0\n  ) a\n  OFFSET 0\n) b\n");
        s.Append("GROUP BY period_code, template_version_id, mall_id, GROUPING SETS ((agency_id, service_id), (service_model), (channel))");
        return s.ToString();
    }
}
