using Npgsql;
using NpgsqlTypes;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// Stores one run of the index job in one transaction: replaces the units the run recomputed (whole
/// periods, or a period's recomputed MPPs and its units above the MPP) with their MPP-level sums,
/// except the MPPs that failed, which keep their previous figures and sums; and clears the change
/// marks the run has taken into account, so readers see the old set or the new one, never a mix.
/// </summary>
internal static class IndexResultWriter
{
    public static async Task WriteAsync(NpgsqlConnection connection, RecomputeIndices.Plan plan, RecomputeIndices.Computation computed,
        IReadOnlyList<ChangeMark> done, RecomputeIndices.ProgressReport? progress, CancellationToken ct)
    {
        var failures = computed.Failures;
        var failed = failures.Select(f => (f.PeriodCode, f.MallId ?? 0)).ToHashSet();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (plan.FullPeriods.Count > 0)
        {
            var periods = plan.FullPeriods.ToArray();
            var failedPeriods = failures.Select(f => f.PeriodCode).ToArray();
            // A national or province failure (no MPP) keeps every national and province row of its period.
            var failedMalls = failures.Select(f => f.MallId ?? 0).ToArray();
            await ExecuteAsync(connection, transaction, """
                DELETE FROM index_results r WHERE r.period_code = ANY($1)
                  AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::int[]) f(p, m) WHERE f.p = r.period_code AND f.m = coalesce(r.mall_id, 0))
                """, ct, periods, failedPeriods, failedMalls);
            await ExecuteAsync(connection, transaction, """
                DELETE FROM index_unit_sums s WHERE s.period_code = ANY($1)
                  AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::int[]) f(p, m) WHERE f.p = s.period_code AND f.m = s.mall_id)
                """, ct, periods, failedPeriods, failedMalls);
        }
        if (plan.Partial.Count > 0)
        {
            var replaced = plan.Partial.SelectMany(p => p.Value.Select(m => (Period: p.Key, MallId: m))).Where(u => !failed.Contains(u)).ToList();
            var periods = replaced.Select(u => u.Period).ToArray();
            var malls = replaced.Select(u => u.MallId).ToArray();
            await ExecuteAsync(connection, transaction, """
                DELETE FROM index_results r USING unnest($1::text[], $2::int[]) u(p, m) WHERE r.period_code = u.p AND r.mall_id = u.m
                """, ct, periods, malls);
            await ExecuteAsync(connection, transaction, """
                DELETE FROM index_unit_sums s USING unnest($1::text[], $2::int[]) u(p, m) WHERE s.period_code = u.p AND s.mall_id = u.m
                """, ct, periods, malls);
            var above = plan.Partial.Keys.Where(p => !failed.Contains((p, 0))).ToArray();
            await ExecuteAsync(connection, transaction, "DELETE FROM index_results r WHERE r.period_code = ANY($1) AND r.mall_id IS NULL", ct, above);
        }
        await CopyAsync(connection, computed.Results, progress, ct);
        await CopySumsAsync(connection, computed.Sums, ct);
        // A mark whose version moved on was written again after this run read it: it stays for the next run.
        await ExecuteAsync(connection, transaction, """
            DELETE FROM index_dirty d USING unnest($1::text[], $2::int[], $3::bigint[]) c(p, m, v)
            WHERE d.period_code = c.p AND d.mall_id = c.m AND d.version = c.v
            """, ct, done.Select(d => d.PeriodCode).ToArray(), done.Select(d => d.MallId).ToArray(), done.Select(d => d.Version).ToArray());
        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct, params Array[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    // Rows are written with the synchronous calls: each value lands in Npgsql's buffer, and an awaited call per value
    // (thirty per row, two hundred thousand rows) cost more than the rare buffer flush that blocks the job's thread.
    private static async Task CopySumsAsync(NpgsqlConnection connection, List<IndexUnitSum> sums, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY index_unit_sums (period_code, template_version_id, kind, mall_id, service_model, channel, province_code, regency_code, respondents, " +
            "answered, sums, score_n, mean_answer_sum, mean_answer_sum_of_squares, square_sums, pair_sums, includes_flagged) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var s in sums)
        {
            writer.StartRow();
            writer.Write(s.PeriodCode, NpgsqlDbType.Varchar);
            writer.Write(s.TemplateVersionId, NpgsqlDbType.Integer);
            writer.Write((int)s.Kind, NpgsqlDbType.Integer);
            writer.Write(s.MallId, NpgsqlDbType.Integer);
            WriteNullable(writer, s.ServiceModel, NpgsqlDbType.Integer);
            WriteNullable(writer, s.Channel, NpgsqlDbType.Integer);
            writer.Write(s.ProvinceCode, NpgsqlDbType.Varchar);
            writer.Write(s.RegencyCode, NpgsqlDbType.Varchar);
            writer.Write(s.Respondents, NpgsqlDbType.Bigint);
            writer.Write(s.Answered, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(s.Sums, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(s.ScoreN, NpgsqlDbType.Bigint);
            writer.Write(s.MeanAnswerSum, NpgsqlDbType.Double);
            writer.Write(s.MeanAnswerSumOfSquares, NpgsqlDbType.Double);
            writer.Write(s.SquareSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(s.PairSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(s.IncludesFlagged, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<IndexResult> results, RecomputeIndices.ProgressReport? progress, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY index_results (period_code, template_code, unit_kind, unit_key, province_code, mall_id, agency_id, service_id, respondents, " +
            "element_codes, element_answered, element_sums, ikm, converted, grade, score_n, score_sum, score_sum_of_squares, standard_error, ci_low, ci_high, " +
            "sample_target, previous_converted, change_verdict, change_p_value, includes_flagged, profile_counts, last_received_at, computed_at) FROM STDIN (FORMAT BINARY)", ct);
        long done = 0;
        foreach (var r in results)
        {
            writer.StartRow();
            writer.Write(r.PeriodCode, NpgsqlDbType.Text);
            writer.Write(r.TemplateCode, NpgsqlDbType.Text);
            writer.Write((int)r.UnitKind, NpgsqlDbType.Integer);
            writer.Write(r.UnitKey, NpgsqlDbType.Text);
            WriteNullable(writer, r.ProvinceCode, NpgsqlDbType.Text);
            WriteNullable(writer, r.MallId, NpgsqlDbType.Integer);
            WriteNullable(writer, r.AgencyId, NpgsqlDbType.Integer);
            WriteNullable(writer, r.ServiceId, NpgsqlDbType.Integer);
            writer.Write(r.Respondents, NpgsqlDbType.Integer);
            writer.Write(r.ElementCodes, NpgsqlDbType.Array | NpgsqlDbType.Text);
            writer.Write(r.ElementAnswered, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            writer.Write(r.ElementSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
            writer.Write(r.Ikm, NpgsqlDbType.Numeric);
            writer.Write(r.Converted, NpgsqlDbType.Numeric);
            writer.Write(r.Grade, NpgsqlDbType.Varchar);
            writer.Write(r.ScoreN, NpgsqlDbType.Bigint);
            writer.Write(r.ScoreSum, NpgsqlDbType.Double);
            writer.Write(r.ScoreSumOfSquares, NpgsqlDbType.Double);
            WriteNullable(writer, r.StandardError, NpgsqlDbType.Double);
            WriteNullable(writer, r.CiLow, NpgsqlDbType.Double);
            WriteNullable(writer, r.CiHigh, NpgsqlDbType.Double);
            WriteNullable(writer, r.SampleTarget, NpgsqlDbType.Integer);
            WriteNullable(writer, r.PreviousConverted, NpgsqlDbType.Numeric);
            WriteNullable(writer, r.ChangeVerdict, NpgsqlDbType.Text);
            WriteNullable(writer, r.ChangePValue, NpgsqlDbType.Double);
            writer.Write(r.IncludesFlagged, NpgsqlDbType.Boolean);
            if (r.ProfileCounts is { } profile)
            {
                writer.Write(profile, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }
            else
            {
                writer.WriteNull();
            }
            WriteNullable(writer, r.LastReceivedAt, NpgsqlDbType.TimestampTz);
            writer.Write(r.ComputedAt, NpgsqlDbType.TimestampTz);
            done++;
            if (done % 1000 == 0 || done == results.Count)
            {
                progress?.Invoke(done, results.Count);
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is T v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is not null)
        {
            writer.Write(value, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}

/// <summary>A (period, MPP) whose responses changed since its last computation, as the database trigger marked it.</summary>
public sealed record ChangeMark(string PeriodCode, int MallId, long Version);
