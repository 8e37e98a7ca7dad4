using MathNet.Numerics.Distributions;

namespace MppSurvey.Core.Scoring;

/// <summary>Where a unit falls on a funnel plot (docs/method.md, Comparing MPPs fairly: the funnel plot).</summary>
public enum FunnelPosition
{
    /// <summary>Inside the 95% limits: not significantly different from the reference, whatever its rank.</summary>
    Within,

    /// <summary>Above the upper 95% limit but not the 99.8% one.</summary>
    Above,

    /// <summary>Above the upper 99.8% limit.</summary>
    FarAbove,

    /// <summary>Below the lower 95% limit but not the 99.8% one.</summary>
    Below,

    /// <summary>Below the lower 99.8% limit.</summary>
    FarBelow,
}

/// <summary>
/// Funnel-plot control limits for a unit with <see cref="N"/> respondents around a reference (national)
/// mean and respondent-level spread (docs/method.md, Over-dispersion): mean +- z x sqrt(sd^2 / n + tau^2), with z the
/// normal quantile of the two-sided 95% and 99.8% levels (1.96 and 3.09), the usual choice for funnel
/// plots of institutional performance, and tau^2 the between-MPP variance that allows for
/// over-dispersion (<see cref="OverdispersedFunnel"/>; docs/method.md, Over-dispersion), 0 for the
/// plain limits. The limits are not clipped to 25-100: they are control lines, and an index can never
/// lie beyond the scale anyway.
/// </summary>
public sealed record FunnelLimits(long N, double ReferenceMean, double ReferenceStandardDeviation, double Lower95, double Upper95, double Lower998, double Upper998,
    double BetweenUnitVariance = 0)
{
    /// <summary>Two-sided 95%: z at 0.975.</summary>
    public static double Z95 { get; } = Normal.InvCDF(0, 1, 0.975);

    /// <summary>Two-sided 99.8%: z at 0.999.</summary>
    public static double Z998 { get; } = Normal.InvCDF(0, 1, 0.999);

    public static FunnelLimits For(long n, double referenceMean, double referenceStandardDeviation, double betweenUnitVariance = 0)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A unit on the funnel has at least one respondent.");
        }

        if (referenceStandardDeviation < 0 || double.IsNaN(referenceStandardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(referenceStandardDeviation), referenceStandardDeviation, "The spread is a non-negative standard deviation.");
        }

        if (betweenUnitVariance < 0 || double.IsNaN(betweenUnitVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(betweenUnitVariance), betweenUnitVariance, "The between-unit variance is non-negative.");
        }

        // Spiegelhalter (2005), additive random effects: the unit's sampling variance plus tau^2.
        var standardError = Math.Sqrt(referenceStandardDeviation * referenceStandardDeviation / n + betweenUnitVariance);
        return new FunnelLimits(
            n,
            referenceMean,
            referenceStandardDeviation,
            referenceMean - Z95 * standardError,
            referenceMean + Z95 * standardError,
            referenceMean - Z998 * standardError,
            referenceMean + Z998 * standardError,
            betweenUnitVariance);
    }

    /// <summary>
    /// Which side of the limits an index lies on. A value exactly on a limit counts as inside: being
    /// called significantly different needs more than a tie.
    /// </summary>
    public FunnelPosition Position(double index) => index switch
    {
        _ when index > Upper998 => FunnelPosition.FarAbove,
        _ when index > Upper95 => FunnelPosition.Above,
        _ when index < Lower998 => FunnelPosition.FarBelow,
        _ when index < Lower95 => FunnelPosition.Below,
        _ => FunnelPosition.Within,
    };
}
