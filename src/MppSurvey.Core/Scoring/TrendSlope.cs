namespace MppSurvey.Core.Scoring;

/// <summary>A least-squares line through an index over periods.</summary>
/// <param name="Slope">Change per period.</param>
/// <param name="Intercept">Value at period 0.</param>
/// <param name="StandardError">Standard error of the slope; NaN with fewer than three periods.</param>
/// <param name="PValue">Two-sided p-value of the slope against 0 (t with n - 2 degrees of freedom); NaN with fewer than three periods.</param>
/// <param name="Periods">Number of periods fitted.</param>
public sealed record TrendFit(double Slope, double Intercept, double StandardError, double PValue, int Periods)
{
    /// <summary>Rising, falling or flat at <paramref name="alpha"/>; too few periods is said so.</summary>
    public ChangeVerdict Verdict(double alpha = PeriodChangeTest.DefaultAlpha) =>
        double.IsNaN(PValue) ? ChangeVerdict.InsufficientData : PeriodChangeTest.VerdictOf(Slope, PValue, alpha);
}

/// <summary>
/// docs/method.md, The trend: a least-squares slope per period with its p-value, so that a unit's
/// trend over several semesters is read the same way as a change between two.
/// </summary>
public static class TrendSlope
{
    /// <summary>Fits values of consecutive, equally spaced periods (period 0, 1, 2, ...).</summary>
    public static TrendFit Fit(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Fit(values.Select((y, i) => ((double)i, y)).ToList());
    }

    /// <summary>Fits (period number, value) points; period numbers may have gaps.</summary>
    public static TrendFit Fit(IReadOnlyList<(double Period, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException("A trend needs at least two periods.", nameof(points));
        }

        var xs = points.Select(p => p.Period).ToArray();
        var ys = points.Select(p => p.Value).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        var sxx = xs.Sum(x => (x - meanX) * (x - meanX));
        if (sxx == 0)
        {
            throw new ArgumentException("A trend needs at least two different periods.", nameof(points));
        }

        var sxy = xs.Zip(ys, (x, y) => (x - meanX) * (y - meanY)).Sum();
        var slope = sxy / sxx;
        var intercept = meanY - slope * meanX;
        var n = points.Count;
        if (n < 3)
        {
            return new TrendFit(slope, intercept, double.NaN, double.NaN, n);
        }

        var residualSumOfSquares = xs.Zip(ys, (x, y) => Math.Pow(y - (intercept + slope * x), 2)).Sum();
        var standardError = Math.Sqrt(residualSumOfSquares / (n - 2) / sxx);
        double p;
        if (standardError == 0)
        {
            // Points exactly on a line: a non-zero slope is certain, a flat line is no change.
            p = slope == 0 ? 1 : 0;
        }
        else
        {
            p = PeriodChangeTest.TwoSidedP(slope / standardError, n - 2);
        }

        return new TrendFit(slope, intercept, standardError, p, n);
    }
}
