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

    private static async Task CopySumsAsync(NpgsqlConnection connection, List<IndexUnitSum> sums, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY index_unit_sums (period_code, template_version_id, kind, mall_id, service_model, channel, province_code, regency_code, respondents, " +
            "answered, sums, score_n, mean_answer_sum, mean_answer_sum_of_squares, square_sums, pair_sums, includes_flagged) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var s in sums)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(s.PeriodCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(s.TemplateVersionId, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync((int)s.Kind, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(s.MallId, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, s.ServiceModel, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, s.Channel, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(s.ProvinceCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(s.RegencyCode, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(s.Respondents, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.Answered, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.Sums, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.ScoreN, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.MeanAnswerSum, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(s.MeanAnswerSumOfSquares, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(s.SquareSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.PairSums, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(s.IncludesFlagged, NpgsqlDbType.Boolean, ct);
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
            await WriteNullableAsync(writer, r.StandardError, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(writer, r.CiLow, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(writer, r.CiHigh, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(writer, r.SampleTarget, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(writer, r.PreviousConverted, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(writer, r.ChangeVerdict, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, r.ChangePValue, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(r.IncludesFlagged, NpgsqlDbType.Boolean, ct);
            if (r.ProfileCounts is { } profile)
            {
                await writer.WriteAsync(profile, NpgsqlDbType.Array | NpgsqlDbType.Integer, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }
            await WriteNullableAsync(writer, r.LastReceivedAt, NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(r.ComputedAt, NpgsqlDbType.TimestampTz, ct);
            done++;
            if (done % 1000 == 0 || done == results.Count)
            {
                progress?.Invoke(done, results.Count);
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is T v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? writer.WriteAsync(value, type, ct) : writer.WriteNullAsync(ct);
}

/// <summary>A (period, MPP) whose responses changed since its last computation, as the database trigger marked it.</summary>
public sealed record ChangeMark(string PeriodCode, int MallId, long Version);
