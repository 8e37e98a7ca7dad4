namespace MppSurvey.Core.Reporting;

/// <summary>
/// Rolling finer units' sufficient statistics up into coarser units in code. Exact, because every
/// statistic of a <see cref="ResponseAggregation.Row"/> is a sum over respondents (counts, sums, sums
/// of squares and of products, the respondent-mean sums): the pooled NRR of docs/method.md ("The
/// index") and the interval's moments ("The interval of the index") of a union of disjoint
/// respondent sets are the sums of their parts'. Rows are only ever added within one period and one
/// template version, as the SQL grouped them.
/// </summary>
public static class AggregateRollUp
{
    /// <summary>The statistics of the respondents of both rows; the unit columns are this row's.</summary>
    public static ResponseAggregation.Row Plus(this ResponseAggregation.Row a, ResponseAggregation.Row b)
    {
        if (a.PeriodCode != b.PeriodCode || a.TemplateVersionId != b.TemplateVersionId)
        {
            throw new ArgumentException($"Rows of {a.PeriodCode}/{a.TemplateVersionId} and {b.PeriodCode}/{b.TemplateVersionId} cannot be added.");
        }
        return a with
        {
            Respondents = a.Respondents + b.Respondents,
            Answered = Add(a.Answered, b.Answered),
            Sums = Add(a.Sums, b.Sums),
            ScoreN = a.ScoreN + b.ScoreN,
            MeanAnswerSum = a.MeanAnswerSum + b.MeanAnswerSum,
            MeanAnswerSumOfSquares = a.MeanAnswerSumOfSquares + b.MeanAnswerSumOfSquares,
            SquareSums = Add(a.SquareSums, b.SquareSums),
            PairSums = Add(a.PairSums, b.PairSums),
        };
    }

    /// <summary>
    /// The units above the MPP from MPP-level rows: province and national from <see cref="UnitKind.Mall"/>
    /// rows, national by service model and by channel from <see cref="UnitKind.MallServiceModel"/> and
    /// <see cref="UnitKind.MallChannel"/> rows; other kinds are ignored. As the GROUPING SETS query did,
    /// the regency column of a rolled-up row is the least regency code among its MPPs and the MPP column
    /// is empty. The full job feeds it the MPP rows it just computed, the incremental run the MPP rows
    /// it stored earlier plus the ones it recomputed.
    /// </summary>
    public static List<ResponseAggregation.Row> AboveMall(IEnumerable<ResponseAggregation.Row> mallRows)
    {
        var above = new Dictionary<(string, int, UnitKind, string?, int?, int?), ResponseAggregation.Row>();
        foreach (var row in mallRows)
        {
            switch (row.Kind)
            {
                case UnitKind.Mall:
                    Fold(above, row, UnitKind.Province, row.ProvinceCode, null, null);
                    Fold(above, row, UnitKind.National, null, null, null);
                    break;
                case UnitKind.MallServiceModel:
                    Fold(above, row, UnitKind.NationalServiceModel, null, row.ServiceModel, null);
                    break;
                case UnitKind.MallChannel:
                    Fold(above, row, UnitKind.NationalChannel, null, null, row.Channel);
                    break;
            }
        }
        return above.Values.ToList();
    }

    private static void Fold(Dictionary<(string, int, UnitKind, string?, int?, int?), ResponseAggregation.Row> units,
        ResponseAggregation.Row row, UnitKind kind, string? province, int? model, int? channel)
    {
        var key = (row.PeriodCode, row.TemplateVersionId, kind, province, model, channel);
        if (units.TryGetValue(key, out var sum))
        {
            var regency = string.CompareOrdinal(row.RegencyCode, sum.RegencyCode) < 0 ? row.RegencyCode : sum.RegencyCode;
            units[key] = sum.Plus(row) with { RegencyCode = regency };
        }
        else
        {
            units[key] = row with
            {
                Kind = kind, ProvinceCode = province, MallId = null, AgencyId = null, ServiceId = null, ServiceModel = model, Channel = channel,
                // Copies, so that adding into the new unit never changes the MPP row it started from.
                Answered = (long[])row.Answered.Clone(), Sums = (long[])row.Sums.Clone(),
                SquareSums = (long[])row.SquareSums.Clone(), PairSums = (long[])row.PairSums.Clone(),
            };
        }
    }

    private static long[] Add(long[] a, long[] b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Rows of widths {a.Length} and {b.Length} cannot be added.");
        }
        var sum = new long[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
