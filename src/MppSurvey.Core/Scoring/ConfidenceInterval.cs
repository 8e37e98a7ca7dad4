using MathNet.Numerics.Distributions;

namespace MppSurvey.Core.Scoring;

/// <summary>
/// A confidence interval for an index from respondent-level scores (respondent-level scores; the official index's own interval is docs/method.md, The interval of the index):
/// Student t with n - 1 degrees of freedom on the respondent scores' standard error.
/// </summary>
/// <param name="Center">The value the interval is built around.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="N">Respondents behind it.</param>
public sealed record ConfidenceInterval(double Center, double Low, double High, double Level, long N)
{
    /// <summary>SKM scores run from 25 (all answers 1) to 100 (all answers 4), §2 step 4.</summary>
    public const double SkmMinimum = 25;

    /// <summary>The top of the SKM converted scale and of the 0-100 scale of other templates (§7).</summary>
    public const double ScaleMaximum = 100;

    /// <summary>
    /// The t interval around the mean respondent score; null below two respondents (no spread).
    /// </summary>
    public static ConfidenceInterval? ForMean(RespondentScoreSummary scores, double level = 0.95) =>
        Around(scores.Mean, scores, level, double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>
    /// The interval for a published SKM index: the official converted value (unrounded) plus or minus
    /// the t half-width from the respondent scores, clipped to 25-100.
    /// </summary>
    /// <remarks>
    /// Decisions: the centre is the official index (mean of element means, §2), not the mean of
    /// respondent scores; the two coincide when nobody left a blank and differ slightly otherwise,
    /// and a report must never show an interval that misses its own headline figure. The bounds are
    /// clipped to the scale because no index can leave it (a unanimous 100 gets [100, 100]).
    /// </remarks>
    public static ConfidenceInterval? ForSkmIndex(decimal converted, RespondentScoreSummary scores, double level = 0.95) =>
        Around((double)converted, scores, level, SkmMinimum, ScaleMaximum);

    /// <summary>The same for a template on its own scale, with the 0-100 rescaled index (§7).</summary>
    public static ConfidenceInterval? ForRescaledIndex(decimal rescaled, RespondentScoreSummary scores, double level = 0.95) =>
        Around((double)rescaled, scores, level, 0, ScaleMaximum);

    /// <summary>
    /// The interval around the official index from its delta-method standard error
    /// (<see cref="IndexUncertainty"/>): Student t with n − 1 degrees of freedom, clipped to the scale;
    /// null without a standard error. When nobody leaves a blank, that standard error equals the one of
    /// the respondent scores, so this is then exactly the interval of <see cref="ForSkmIndex"/>.
    /// </summary>
    public static ConfidenceInterval? FromStandardError(double center, double? standardError, long n, double floor, double ceiling, double level = 0.95)
    {
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level lies strictly between 0 and 1.");
        }
        if (standardError is not double se || !double.IsFinite(se) || n < 2)
        {
            return null;
        }
        var halfWidth = Quantile(n - 1, level) * se;
        return new ConfidenceInterval(center, Math.Max(floor, center - halfWidth), Math.Min(ceiling, center + halfWidth), level, n);
    }

    private static double Quantile(long degreesOfFreedom, double level) =>
        Quantiles.GetOrAdd((degreesOfFreedom, level), key => StudentT.InvCDF(0, 1, key.DegreesOfFreedom, 1 - (1 - key.Level) / 2));

    /// <summary>
    /// t quantiles by degrees of freedom: the inverse CDF is iterative (~20 us), and the index job asks
    /// for the same few thousand values across hundreds of thousands of units.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long DegreesOfFreedom, double Level), double> Quantiles = new();

    private static ConfidenceInterval? Around(double center, RespondentScoreSummary scores, double level, double floor, double ceiling)
    {
        if (level is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level lies strictly between 0 and 1.");
        }

        if (scores.N < 2)
        {
            return null;
        }

        // Two-sided: the t quantile at 1 - alpha/2 (2.262 for n = 10 at 95%).
        var t = Quantile(scores.N - 1, level);
        var halfWidth = t * scores.StandardError;
        return new ConfidenceInterval(
            center,
            Math.Max(floor, center - halfWidth),
            Math.Min(ceiling, center + halfWidth),
            level,
            scores.N);
    }
}
