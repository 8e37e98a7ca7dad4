namespace MppSurvey.Core.Scoring;

/// <summary>
/// Funnel limits that allow for over-dispersion between MPPs (docs/method.md, Over-dispersion).
/// With thousands of respondents per MPP the plain limits (sampling error only) are so narrow that
/// almost every MPP falls outside them: real MPPs differ by more than chance, and that spread is not
/// a sign that any one of them is special. Following D. J. Spiegelhalter, "Handling over-dispersion of
/// performance indicators", Qual Saf Health Care 2005;14:347-351, and "Funnel plots for comparing
/// institutional performance", Stat Med 2005;24:1185-1202:
/// <list type="number">
/// <item>each unit's z-score under the null, z_i = (y_i - theta0) / s_i with s_i = sd / sqrt(n_i),
/// sd the respondent-level spread of the reference (the nation);</item>
/// <item>the z-scores winsorised at their 10th and 90th percentiles (the paper's default, so a few
/// real outliers do not inflate the estimate), percentiles by linear interpolation
/// (R type 7, Excel PERCENTILE.INC);</item>
/// <item>the over-dispersion factor phi = (1/I) sum z_i^2 over the I winsorised z-scores;</item>
/// <item>the additive random-effects variance (the paper's "additive random effects model", the
/// DerSimonian-Laird moment estimator) tau^2 = (I phi - (I - 1)) / (sum w_i - sum w_i^2 / sum w_i),
/// w_i = 1 / s_i^2, and tau^2 = 0 when I phi &lt;= I - 1 (no over-dispersion);</item>
/// <item>limits theta0 +- z_p sqrt(s^2(n) + tau^2), z_p = 1.96 (95%) and 3.09 (99.8%).</item>
/// </list>
/// Pure arithmetic: no I/O, the same on the page and in the national workbook.
/// </summary>
public sealed record OverdispersedFunnel(
    double Target, double StandardDeviation, int Units, double WinsorLow, double WinsorHigh, double Phi, double BetweenUnitVariance)
{
    /// <summary>Spiegelhalter's default share winsorised in each tail.</summary>
    public const double DefaultTrim = 0.1;

    /// <summary>True when the units spread more than chance allows and the limits were widened.</summary>
    public bool OverDispersed => BetweenUnitVariance > 0;

    /// <summary>tau, on the index's own scale (points of IKM).</summary>
    public double BetweenUnitStandardDeviation => Math.Sqrt(BetweenUnitVariance);

    /// <summary>The limits for a unit with <paramref name="n"/> respondents.</summary>
    public FunnelLimits Limits(long n) => FunnelLimits.For(n, Target, StandardDeviation, BetweenUnitVariance);

    /// <summary>
    /// Estimates phi and tau^2 from the units (their respondent counts and indices) around
    /// <paramref name="target"/> with the reference's respondent-level <paramref name="standardDeviation"/>.
    /// Fewer than two units, or no spread at all, leave nothing to estimate: tau^2 = 0, phi NaN.
    /// </summary>
    public static OverdispersedFunnel Estimate(IReadOnlyList<(long N, double Value)> units, double target, double standardDeviation, double trim = DefaultTrim)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (standardDeviation < 0 || double.IsNaN(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The spread is a non-negative standard deviation.");
        }
        if (trim is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(trim), trim, "The winsorised share of each tail is in [0, 0.5).");
        }
        if (units.Any(u => u.N < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(units), "A unit on the funnel has at least one respondent.");
        }

        var count = units.Count;
        if (count < 2 || standardDeviation == 0)
        {
            return new OverdispersedFunnel(target, standardDeviation, count, double.NaN, double.NaN, double.NaN, 0);
        }

        // Step 1: z-scores under the null, s_i = sd / sqrt(n_i).
        var s = units.Select(u => standardDeviation / Math.Sqrt(u.N)).ToArray();
        var z = units.Select((u, i) => (u.Value - target) / s[i]).ToArray();

        // Step 2: winsorise at the trim and 1 - trim percentiles.
        var sorted = z.Order().ToArray();
        var low = Percentile(sorted, trim);
        var high = Percentile(sorted, 1 - trim);

        // Step 3: phi = mean of the squared winsorised z-scores.
        var phi = z.Select(x => Math.Clamp(x, low, high)).Sum(x => x * x) / count;

        // Step 4: additive tau^2 (DerSimonian-Laird form, weights w_i = 1 / s_i^2 of the raw units).
        var w = s.Select(x => 1 / (x * x)).ToArray();
        var sumW = w.Sum();
        var denominator = sumW - w.Sum(x => x * x) / sumW;
        var excess = count * phi - (count - 1);
        var tau2 = excess > 0 && denominator > 0 ? excess / denominator : 0;
        return new OverdispersedFunnel(target, standardDeviation, count, low, high, phi, tau2);
    }

    /// <summary>The p-th percentile of sorted values by linear interpolation (R type 7, PERCENTILE.INC).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }
}
