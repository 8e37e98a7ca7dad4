using MathNet.Numerics.Distributions;

namespace MppSurvey.Core.Scoring;

/// <summary>What a change between two periods, or a trend, amounts to (docs/method.md, A change between two periods; The trend).</summary>
public enum ChangeVerdict
{
    /// <summary>No significant change: the difference is within chance at the chosen alpha.</summary>
    NoSignificantChange,

    /// <summary>A statistically significant rise.</summary>
    SignificantRise,

    /// <summary>A statistically significant fall.</summary>
    SignificantFall,

    /// <summary>Too few respondents (or periods) to test at all.</summary>
    InsufficientData,
}

/// <summary>A published index value (rounded as shown), its delta-method standard error on the same scale, and its respondents.</summary>
public readonly record struct IndexEstimate(decimal Value, double? StandardError, long N);

/// <summary>The result of comparing two periods with Welch's t-test.</summary>
/// <param name="MeanBefore">Mean respondent score in the earlier period.</param>
/// <param name="MeanAfter">Mean respondent score in the later period.</param>
/// <param name="T">Welch's t statistic (after minus before).</param>
/// <param name="DegreesOfFreedom">Welch-Satterthwaite degrees of freedom.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Verdict">Rise, fall or no significant change at <paramref name="Alpha"/>.</param>
/// <param name="Alpha">Significance level used.</param>
public sealed record PeriodChange(double MeanBefore, double MeanAfter, double T, double DegreesOfFreedom, double PValue, ChangeVerdict Verdict, double Alpha)
{
    public double Difference => MeanAfter - MeanBefore;
}

/// <summary>
/// docs/method.md, A change between two periods: a change between two periods is a rise or a fall only when it is significant
/// (alpha 0.05); otherwise "no significant change". The published verdict tests the official index
/// (<see cref="CompareIndices"/>); <see cref="Compare"/> is Welch's t-test on respondent-level scores,
/// kept for the respondent-score figures only: with many blanks the respondents' mean answers can
/// rise while the index (the mean of element means) falls.
/// </summary>
public static class PeriodChangeTest
{
    public const double DefaultAlpha = 0.05;

    public static PeriodChange Compare(RespondentScoreSummary before, RespondentScoreSummary after, double alpha = DefaultAlpha)
    {
        if (alpha is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha lies strictly between 0 and 1.");
        }

        if (before.N < 2 || after.N < 2)
        {
            return new PeriodChange(before.Mean, after.Mean, double.NaN, double.NaN, double.NaN, ChangeVerdict.InsufficientData, alpha);
        }

        var varianceOfMeanBefore = before.Variance / before.N;
        var varianceOfMeanAfter = after.Variance / after.N;
        var standardError = Math.Sqrt(varianceOfMeanBefore + varianceOfMeanAfter);
        var difference = after.Mean - before.Mean;

        if (standardError == 0)
        {
            // Both periods unanimous: any difference is certain, none is none.
            var certain = difference == 0 ? 1.0 : 0.0;
            return new PeriodChange(before.Mean, after.Mean, difference == 0 ? 0 : Math.Sign(difference) * double.PositiveInfinity, double.NaN, certain, VerdictOf(difference, certain, alpha), alpha);
        }

        var t = difference / standardError;
        var degreesOfFreedom = Math.Pow(varianceOfMeanBefore + varianceOfMeanAfter, 2)
            / (Math.Pow(varianceOfMeanBefore, 2) / (before.N - 1) + Math.Pow(varianceOfMeanAfter, 2) / (after.N - 1));
        var p = TwoSidedP(t, degreesOfFreedom);
        return new PeriodChange(before.Mean, after.Mean, t, degreesOfFreedom, p, VerdictOf(difference, p, alpha), alpha);
    }

    /// <summary>
    /// The verdict on the official index itself: Welch's test on the difference of two periods'
    /// published index values (independent samples) with their delta-method standard errors
    /// (<see cref="IndexUncertainty"/>) and Welch-Satterthwaite degrees of freedom; for large samples
    /// this is the z-test, and when nobody leaves a blank it is exactly Welch's test on respondent
    /// scores. The difference is taken between the values as published (rounded to 2 decimals), so
    /// the verdict's direction is always the sign of the change a reader sees beside it, and an
    /// unchanged published figure is never a rise or a fall.
    /// </summary>
    public static PeriodChange CompareIndices(IndexEstimate before, IndexEstimate after, double alpha = DefaultAlpha)
    {
        if (alpha is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha lies strictly between 0 and 1.");
        }
        var (b, a) = ((double)before.Value, (double)after.Value);
        if (before.StandardError is not double seBefore || after.StandardError is not double seAfter
            || !double.IsFinite(seBefore) || !double.IsFinite(seAfter) || before.N < 2 || after.N < 2)
        {
            return new PeriodChange(b, a, double.NaN, double.NaN, double.NaN, ChangeVerdict.InsufficientData, alpha);
        }
        var difference = (double)(after.Value - before.Value);
        var (vBefore, vAfter) = (seBefore * seBefore, seAfter * seAfter);
        var standardError = Math.Sqrt(vBefore + vAfter);
        if (standardError == 0)
        {
            // Both periods unanimous: any difference is certain, none is none.
            var certain = difference == 0 ? 1.0 : 0.0;
            return new PeriodChange(b, a, difference == 0 ? 0 : Math.Sign(difference) * double.PositiveInfinity, double.NaN, certain, VerdictOf(difference, certain, alpha), alpha);
        }
        var t = difference / standardError;
        var degreesOfFreedom = Math.Pow(vBefore + vAfter, 2) / (vBefore * vBefore / (before.N - 1) + vAfter * vAfter / (after.N - 1));
        var p = TwoSidedP(t, degreesOfFreedom);
        return new PeriodChange(b, a, t, degreesOfFreedom, p, VerdictOf(difference, p, alpha), alpha);
    }

    internal static double TwoSidedP(double t, double degreesOfFreedom) =>
        Math.Min(1, 2 * StudentT.CDF(0, 1, degreesOfFreedom, -Math.Abs(t)));

    internal static ChangeVerdict VerdictOf(double difference, double p, double alpha) =>
        p < alpha && difference != 0
            ? (difference > 0 ? ChangeVerdict.SignificantRise : ChangeVerdict.SignificantFall)
            : ChangeVerdict.NoSignificantChange;
}
