using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The sufficient statistics of one MPP-level unit (the MPP, or the MPP by service model or by channel)
/// for one period and template version, as <see cref="ResponseAggregation.Row"/> holds them, stored by
/// the index job beside the MPP's results in the same transaction. The incremental run rolls the
/// province and national units up from these (<see cref="AggregateRollUp.AboveMall"/>) instead of
/// reading every MPP's responses again. Arrays are kept at the version's own element count (positions
/// beyond it are always zero) so a wider template added later does not change stored rows.
/// <see cref="IncludesFlagged"/> follows the results of the same run: the period's sums are one variant.
/// </summary>
public sealed class IndexUnitSum
{
    public long Id { get; set; }
    public required string PeriodCode { get; init; }
    public int TemplateVersionId { get; init; }
    /// <summary><see cref="UnitKind.Mall"/>, <see cref="UnitKind.MallServiceModel"/> or <see cref="UnitKind.MallChannel"/>.</summary>
    public UnitKind Kind { get; init; }
    public int MallId { get; init; }
    public int? ServiceModel { get; init; }
    public int? Channel { get; init; }
    public required string ProvinceCode { get; init; }
    public required string RegencyCode { get; init; }
    public long Respondents { get; init; }
    public required long[] Answered { get; init; }
    public required long[] Sums { get; init; }
    public long ScoreN { get; init; }
    public double MeanAnswerSum { get; init; }
    public double MeanAnswerSumOfSquares { get; init; }
    public required long[] SquareSums { get; init; }
    public required long[] PairSums { get; init; }
    public bool IncludesFlagged { get; init; }

    public static bool IsStored(UnitKind kind) => kind is UnitKind.Mall or UnitKind.MallServiceModel or UnitKind.MallChannel;

    /// <summary>The stored MPP-level rows of the periods in the variant asked for, at their versions' element counts.</summary>
    internal static async Task<List<ResponseAggregation.Row>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<string> periods, bool includeFlagged, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT period_code, kind, province_code, mall_id, regency_code, template_version_id, respondents, answered, sums, score_n,
                   mean_answer_sum, mean_answer_sum_of_squares, square_sums, pair_sums, service_model, channel
            FROM index_unit_sums WHERE period_code = ANY($1) AND includes_flagged = $2
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = periods.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = includeFlagged });
        var rows = new List<ResponseAggregation.Row>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ResponseAggregation.Row(reader.GetString(0), (UnitKind)reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetString(4), null, null, reader.GetInt32(5), reader.GetInt64(6), reader.GetFieldValue<long[]>(7),
                reader.GetFieldValue<long[]>(8), reader.GetInt64(9), reader.GetDouble(10), reader.GetDouble(11),
                reader.GetFieldValue<long[]>(12), reader.GetFieldValue<long[]>(13),
                reader.IsDBNull(14) ? null : reader.GetInt32(14), reader.IsDBNull(15) ? null : reader.GetInt32(15)));
        }
        return rows;
    }

    /// <summary>The row to store: an MPP-level aggregation row cut to its version's <paramref name="elements"/>.</summary>
    internal static IndexUnitSum From(ResponseAggregation.Row row, int elements, bool includeFlagged) => new()
    {
        PeriodCode = row.PeriodCode,
        TemplateVersionId = row.TemplateVersionId,
        Kind = row.Kind,
        MallId = row.MallId!.Value,
        ServiceModel = row.ServiceModel,
        Channel = row.Channel,
        ProvinceCode = row.ProvinceCode!,
        RegencyCode = row.RegencyCode!,
        Respondents = row.Respondents,
        Answered = Widen(row.Answered, elements),
        Sums = Widen(row.Sums, elements),
        ScoreN = row.ScoreN,
        MeanAnswerSum = row.MeanAnswerSum,
        MeanAnswerSumOfSquares = row.MeanAnswerSumOfSquares,
        SquareSums = Widen(row.SquareSums, elements),
        PairSums = Pairs(row.PairSums, row.Answered.Length, elements),
        IncludesFlagged = includeFlagged,
    };

    /// <summary>
    /// An aggregation row cut (or widened) to <paramref name="elements"/> positions, the width its stored
    /// sums have: rows of one version then always add up, whatever width the aggregation query used.
    /// </summary>
    internal static ResponseAggregation.Row Cut(ResponseAggregation.Row row, int elements) => row.Answered.Length == elements ? row : row with
    {
        Answered = Widen(row.Answered, elements),
        Sums = Widen(row.Sums, elements),
        SquareSums = Widen(row.SquareSums, elements),
        PairSums = Pairs(row.PairSums, row.Answered.Length, elements),
    };

    private static long[] Widen(long[] values, int width)
    {
        var result = new long[width];
        Array.Copy(values, result, Math.Min(width, values.Length));
        return result;
    }

    /// <summary>
    /// The pair moments laid out for another element count: 4 values per pair i &lt; j, row by row
    /// (<see cref="ResponseAggregation.Row.PairSums"/>), so a pair's place depends on the count.
    /// </summary>
    internal static long[] Pairs(long[] pairs, int from, int to)
    {
        var result = new long[2 * to * Math.Max(to - 1, 0)];
        int Place(int i, int j, int n) => 4 * (i * n - i * (i + 1) / 2 + (j - i - 1));
        var common = Math.Min(from, to);
        for (var i = 0; i < common; i++)
        {
            for (var j = i + 1; j < common; j++)
            {
                Array.Copy(pairs, Place(i, j, from), result, Place(i, j, to), 4);
            }
        }
        return result;
    }
}

internal sealed class IndexUnitSumConfiguration : IEntityTypeConfiguration<IndexUnitSum>
{
    public void Configure(EntityTypeBuilder<IndexUnitSum> e)
    {
        e.ToTable("index_unit_sums", t =>
        {
            t.HasCheckConstraint("ck_index_unit_sums_kind",
                "(kind = 3 AND service_model IS NULL AND channel IS NULL) OR (kind = 6 AND service_model IS NOT NULL AND channel IS NULL) " +
                "OR (kind = 7 AND service_model IS NULL AND channel IS NOT NULL)");
            t.HasCheckConstraint("ck_index_unit_sums_counts", "respondents >= 0 AND score_n >= 0 AND score_n <= respondents");
            t.HasCheckConstraint("ck_index_unit_sums_widths",
                "cardinality(sums) = cardinality(answered) AND cardinality(square_sums) = cardinality(answered) " +
                "AND cardinality(pair_sums) = 2 * cardinality(answered) * greatest(cardinality(answered) - 1, 0)");
        });
        e.HasOne<Mall>().WithMany().HasForeignKey(s => s.MallId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<SurveyTemplateVersion>().WithMany().HasForeignKey(s => s.TemplateVersionId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Period>().WithMany().HasForeignKey(s => s.PeriodCode).OnDelete(DeleteBehavior.Cascade);
        // One row per unit; NULLS NOT DISTINCT so the MPP row (no model, no channel) is unique too.
        e.HasIndex(s => new { s.PeriodCode, s.MallId, s.TemplateVersionId, s.Kind, s.ServiceModel, s.Channel }).IsUnique().AreNullsDistinct(false);
        e.Property(s => s.PeriodCode).HasMaxLength(7);
        e.Property(s => s.ProvinceCode).HasMaxLength(2);
        e.Property(s => s.RegencyCode).HasMaxLength(5);
    }
}
