namespace MppSurvey.Core.Scoring;

/// <summary>
/// Sufficient statistics of the respondent-level score of one unit and period: each respondent's
/// mean answer over the elements they answered, x 25 for SKM (0-100 for other templates), as
/// the interval on respondent scores uses (see docs/method.md, The interval of the index). A database computes <c>count(*)</c>,
/// <c>sum(score)</c> and <c>sum(score*score)</c> over a per-respondent subquery. These feed
/// statistics only (confidence interval, Welch test), so <see cref="double"/> is precise enough.
/// </summary>
/// <param name="N">Respondents with at least one answer.</param>
/// <param name="Sum">Sum of their scores.</param>
/// <param name="SumOfSquares">Sum of their squared scores.</param>
public readonly record struct RespondentScoreSummary(long N, double Sum, double SumOfSquares)
{
    public double Mean => N > 0 ? Sum / N : double.NaN;

    /// <summary>Sample variance (n - 1 denominator); NaN below two respondents. Never negative.</summary>
    public double Variance => N > 1 ? Math.Max(0, (SumOfSquares - Sum * Sum / N) / (N - 1)) : double.NaN;

    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>Standard error of the mean, s / sqrt(n).</summary>
    public double StandardError => StandardDeviation / Math.Sqrt(N);

    /// <summary>The summary of a list of scores (tests, in-memory data).</summary>
    public static RespondentScoreSummary Of(IEnumerable<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        long n = 0;
        double sum = 0, sumOfSquares = 0;
        foreach (var score in scores)
        {
            n++;
            sum += score;
            sumOfSquares += score * score;
        }

        return new RespondentScoreSummary(n, sum, sumOfSquares);
    }
}
