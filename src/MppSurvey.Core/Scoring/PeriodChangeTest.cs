using MathNet.Numerics.Distributions;

namespace MppSurvey.Core.Scoring;

/// <summary>What a change between two periods, or a trend, amounts to (skm-method.md §6).</summary>
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
/// skm-method.md §6: a change between two periods is a rise or a fall only when Welch's t-test on the
/// respondent-level scores is significant (alpha 0.05); otherwise "no significant change". Welch,
/// not Student, because periods differ in size and spread.
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

    internal static double TwoSidedP(double t, double degreesOfFreedom) =>
        Math.Min(1, 2 * StudentT.CDF(0, 1, degreesOfFreedom, -Math.Abs(t)));

    internal static ChangeVerdict VerdictOf(double difference, double p, double alpha) =>
        p < alpha && difference != 0
            ? (difference > 0 ? ChangeVerdict.SignificantRise : ChangeVerdict.SignificantFall)
            : ChangeVerdict.NoSignificantChange;
}
