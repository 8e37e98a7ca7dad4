using System.Globalization;
using System.Text;
using Npgsql;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Bench;

/// <summary>
/// The index job's independent floor: a plain aggregation per (period, MPP, agency, service, template
/// version) of the 9 answers of each response, written here by hand and not taken from the job's own
/// SQL, giving what any implementation must compute at the finest level the job reports: per element
/// the count, sum and sum of squares, per element pair the count, the two sums and the sum of products
/// over the respondents who answered both, and the count, sum and sum of squares of the respondents'
/// mean answers. Each response's values are computed once (answers unpacked in the inner query, mean
/// and products in the middle one, kept apart from the aggregates by OFFSET 0). The job does more: the
/// delivery units (per MPP by service model and by channel), the roll-up, the scoring and the writing.
/// </summary>
public static class IndexJobFloor
{
    public static string Sql()
    {
        var n = Enumerable.Range(1, 9).ToArray();
        var pairs = n.SelectMany(i => n.Where(j => j > i).Select(j => (i, j))).ToArray();
        var s = new StringBuilder("SELECT period_code, mall_id, agency_id, service_id, template_version_id, count(*) AS respondents,\n");
        s.Append("  count(mean) AS scored, sum(mean) AS mean_sum, sum(mean * mean) AS mean_squares");
        foreach (var i in n)
        {
            s.Append(CultureInfo.InvariantCulture, $",\n  count(a{i}), sum(a{i}), sum(a{i} * a{i})");
        }
        foreach (var (i, j) in pairs)
        {
            s.Append(CultureInfo.InvariantCulture, $",\n  count(x{i}{j}), sum(CASE WHEN a{j} IS NOT NULL THEN a{i} END), sum(CASE WHEN a{i} IS NOT NULL THEN a{j} END), sum(x{i}{j})");
        }
        s.Append("\nFROM (\n  SELECT u.*,\n    (");
        s.Append(string.Join(" + ", n.Select(i => $"coalesce(a{i}, 0)")));
        s.Append(")::double precision / nullif(");
        s.Append(string.Join(" + ", n.Select(i => $"CASE WHEN a{i} IS NULL THEN 0 ELSE 1 END")));
        s.Append(", 0) AS mean");
        foreach (var (i, j) in pairs)
        {
            s.Append(CultureInfo.InvariantCulture, $",\n    a{i} * a{j} AS x{i}{j}");
        }
        s.Append("\n  FROM (\n    SELECT period_code, mall_id, agency_id, service_id, template_version_id");
        foreach (var i in n)
        {
            s.Append(CultureInfo.InvariantCulture, $", scores[{i}] AS a{i}");
        }
        s.Append("\n    FROM responses\n    WHERE period_code = ANY($1) AND flags = ANY($2)\n    OFFSET 0\n  ) u\n  OFFSET 0\n) v\n");
        s.Append("GROUP BY period_code, mall_id, agency_id, service_id, template_version_id");
        return s.ToString();
    }

    /// <summary>Runs the floor as the job runs its query: in a transaction with the job's statement settings (work_mem, no JIT); rows read and dropped.</summary>
    public static async Task<int> RunAsync(string connectionString, string[] periods, string? explainTo = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await ResponseAggregation.ApplySettingsAsync(connection, transaction, default);
        var sql = explainTo is null ? Sql() : "EXPLAIN (ANALYZE, BUFFERS, VERBOSE) " + Sql();
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = periods });
        // The flag values that count, listed, so the planner can estimate the filter from the column's statistics.
        var excluded = (int)ResponseAggregation.Excluded(includeFlagged: false);
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, 256).Where(f => (f & excluded) == 0).ToArray() });
        var rows = await DrainAsync(command, explainTo);
        await transaction.CommitAsync();
        return rows;
    }

    /// <summary>
    /// The job's own aggregation statements, run bare the way the job runs them: in slices of the MPPs
    /// (<see cref="SnapshotReaders.SlicesFor"/>) on as many connections as the job's readers, in one snapshot,
    /// with the job's statement settings; rows read and dropped. With <paramref name="explainTo"/>, the plan of
    /// the first slice alone.
    /// </summary>
    public static async Task<int> RunJobQueryAsync(string connectionString, string[] periods, string? explainTo = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        double estimate;
        await using (var size = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'responses'::regclass", connection, transaction))
        {
            estimate = Convert.ToDouble(await size.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var malls = new List<int>();
        await using (var ids = new NpgsqlCommand("SELECT id FROM malls", connection, transaction))
        await using (var reader = await ids.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                malls.Add(reader.GetInt32(0));
            }
        }
        var readers = SnapshotReaders.DefaultCount;
        var slices = SnapshotReaders.SlicesFor(estimate, readers, malls.Count);
        var counts = await SnapshotReaders.RunAsync(connection, transaction, connectionString, readers, explainTo is null ? slices : 1, async (c, t, slice, ct) =>
        {
            var previous = await ResponseAggregation.ApplySettingsAsync(c, t, ct);
            var sliceOf = explainTo is null ? slice : new Slice(slices, 0);
            await using var command = ResponseAggregation.Command(c, t, 9, periods, includeFlagged: false, mallIds: sliceOf.Of(null, malls));
            if (explainTo is not null)
            {
                command.CommandText = $"EXPLAIN (ANALYZE, BUFFERS, VERBOSE) -- the first of {slices} slices\n" + command.CommandText;
            }
            var rows = await DrainAsync(command, explainTo);
            await ResponseAggregation.RestoreSettingsAsync(c, t, previous, ct);
            return rows;
        }, default);
        await transaction.CommitAsync();
        return counts.Sum();
    }

    private static async Task<int> DrainAsync(NpgsqlCommand command, string? explainTo)
    {
        var rows = 0;
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                if (explainTo is not null)
                {
                    plan.AppendLine(reader.GetString(0));
                }
            }
        }
        if (explainTo is not null)
        {
            await File.WriteAllTextAsync(explainTo, command.CommandText + "\n\n" + plan);
        }
        return rows;
    }
}
