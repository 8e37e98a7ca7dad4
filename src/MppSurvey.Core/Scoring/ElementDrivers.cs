namespace MppSurvey.Core.Scoring;

/// <summary>Importance-performance quadrant of an element (drivers analysis, beyond docs/method.md).</summary>
public enum DriverQuadrant
{
    /// <summary>High importance, low performance: fix first (the follow-up plan's best target).</summary>
    FixFirst,

    /// <summary>High importance, high performance: keep up the good work.</summary>
    KeepUp,

    /// <summary>Low importance, low performance: low priority.</summary>
    LowPriority,

    /// <summary>Low importance, high performance: possible overkill.</summary>
    PossibleOverkill,
}

/// <summary>One element's driver analysis.</summary>
/// <param name="Code">Element code.</param>
/// <param name="Correlation">Pearson correlation of the element's answer with the respondent's overall score (importance); null when either has no spread.</param>
/// <param name="Performance">The element's mean answer (its NRR).</param>
/// <param name="Quadrant">Quadrant against the means of importance and performance over the elements; null when the correlation is undefined.</param>
public sealed record ElementDriver(string Code, double? Correlation, decimal Performance, DriverQuadrant? Quadrant);

/// <summary>
/// Drivers analysis (not a section of docs/method.md): which element moves overall satisfaction most (correlation of each
/// element with the respondent's overall score), crossed with its level.
/// </summary>
/// <remarks>
/// Decisions: importance is the plain correlation with the overall score as §6 says (the element is
/// part of that score, which inflates every correlation alike and keeps the ranking); the quadrant
/// split is the mean importance and the mean performance over the elements (data-centred IPA), and a
/// value on the split counts as high.
/// </remarks>
public static class ElementDrivers
{
    public static IReadOnlyList<ElementDriver> Compute(IEnumerable<ElementDriverTally> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var rows = tallies.Where(t => t.N > 0)
            .Select(t => (t.Code, Correlation: Correlation(t), Performance: (decimal)t.SumX / t.N))
            .ToList();

        var defined = rows.Where(r => r.Correlation is not null).ToList();
        if (defined.Count == 0)
        {
            return rows.Select(r => new ElementDriver(r.Code, r.Correlation, r.Performance, null)).ToList();
        }

        var importanceSplit = defined.Average(r => r.Correlation!.Value);
        var performanceSplit = defined.Average(r => r.Performance);
        return rows.Select(r => new ElementDriver(
                r.Code,
                r.Correlation,
                r.Performance,
                r.Correlation is { } importance ? QuadrantOf(importance >= importanceSplit, r.Performance >= performanceSplit) : null))
            .ToList();
    }

    /// <summary>In-memory overload: routes through the same tallies a database would deliver.</summary>
    public static IReadOnlyList<ElementDriver> Compute(IEnumerable<Respondent> respondents) =>
        Compute(ScoreTallies.Skm(respondents).Drivers);

    private static double? Correlation(ElementDriverTally t)
    {
        // Pearson r from sums: (n Sxy - Sx Sy) / sqrt((n Sxx - Sx^2) (n Syy - Sy^2)).
        double n = t.N;
        var covariance = n * t.SumXY - t.SumX * t.SumY;
        var varianceX = n * t.SumXX - (double)t.SumX * t.SumX;
        var varianceY = n * t.SumYY - t.SumY * t.SumY;
        if (varianceX <= 0 || varianceY <= 1e-9 * Math.Max(1, n * t.SumYY))
        {
            return null;
        }

        return Math.Clamp(covariance / Math.Sqrt(varianceX * varianceY), -1, 1);
    }

    private static DriverQuadrant QuadrantOf(bool important, bool performing) => (important, performing) switch
    {
        (true, false) => DriverQuadrant.FixFirst,
        (true, true) => DriverQuadrant.KeepUp,
        (false, false) => DriverQuadrant.LowPriority,
        (false, true) => DriverQuadrant.PossibleOverkill,
    };
}
