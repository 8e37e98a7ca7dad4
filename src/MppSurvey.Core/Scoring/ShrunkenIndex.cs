namespace MppSurvey.Core.Scoring;

/// <summary>One unit (agency or service) to shrink: its raw index, respondents and stored standard error.</summary>
/// <param name="Raw">The unit's published index y_j (IKM konversi, 25-100).</param>
/// <param name="N">Respondents behind it, at least one.</param>
/// <param name="StandardError">The stored standard error of <paramref name="Raw"/> (<see cref="IndexUncertainty"/>, on the same scale); null below two respondents.</param>
public readonly record struct ShrinkageInput(double Raw, long N, double? StandardError);

/// <summary>A unit's shrunken estimate.</summary>
/// <param name="Raw">y_j.</param>
/// <param name="N">n_j.</param>
/// <param name="SamplingVariance">v_j, the variance of y_j used (NaN when the fit could not be made).</param>
/// <param name="UsesPooledSpread">True when v_j = s_p²/n_j (small or unanimous unit) rather than its own SE².</param>
/// <param name="Weight">The weight on the unit's own data, τ²/(τ² + v_j): 1 keeps y_j, 0 gives the MPP's value.</param>
/// <param name="Shrunken">θ_j = μ + weight × (y_j − μ), unrounded.</param>
public sealed record ShrunkenUnit(double Raw, long N, double SamplingVariance, bool UsesPooledSpread, double Weight, double Shrunken)
{
    /// <summary>θ_j rounded as every published index is (2 decimals, half away from zero): what is shown and ranked.</summary>
    public decimal ShrunkenRounded => Grading.Round((decimal)Shrunken);
}

/// <summary>The fit over one set of sibling units (the agencies, or the services, of one MPP and period).</summary>
/// <param name="PriorMean">μ, the MPP's index.</param>
/// <param name="BetweenVariance">τ², the between-unit variance (DerSimonian-Laird, floored at 0); NaN when not estimable.</param>
/// <param name="PooledVariance">s_p², the pooled within-unit respondent-level variance; NaN when not available.</param>
/// <param name="Units">One estimate per input, in input order.</param>
public sealed record ShrinkageFit(double PriorMean, double BetweenVariance, double PooledVariance, IReadOnlyList<ShrunkenUnit> Units)
{
    /// <summary>False when there was nothing to shrink with (fewer than two units, or no spread known): every θ_j is then y_j.</summary>
    public bool Fitted => double.IsFinite(BetweenVariance);
}

/// <summary>A unit with its place in a ranking on the shrunken index.</summary>
/// <param name="Rank">Competition rank ("1, 1, 3"): units whose shown adjusted index is equal share a rank.</param>
public sealed record RankedUnit<T>(int Rank, T Unit, ShrunkenUnit Estimate);

/// <summary>
/// An empirical-Bayes ("shrunken") index for ranking sibling units fairly (docs/method.md, Shrinkage):
/// a service with three respondents can reach 100 by chance, one with three hundred cannot, so a
/// ranking on raw indices is topped and bottomed by the smallest units. The normal-normal model
/// (Efron &amp; Morris 1975, "Data analysis using Stein's estimator and its generalizations", JASA 70:311-319;
/// Morris 1983, "Parametric empirical Bayes inference: theory and applications", JASA 78:47-55):
/// <list type="bullet">
/// <item>y_j | θ_j ~ N(θ_j, v_j), with v_j = s_j²/n_j the sampling variance of the unit's index;</item>
/// <item>θ_j ~ N(μ, τ²), with μ the MPP's own index and τ² the real spread between its units;</item>
/// <item>posterior mean θ̂_j = μ + B_j (y_j − μ), B_j = τ²/(τ² + v_j) (Morris 1983, section 1; his
///   shrinkage factor v_j/(v_j + τ²) is 1 − B_j, so B_j here is the weight on the unit's own data).</item>
/// </list>
/// τ² is estimated by the method of moments in the DerSimonian &amp; Laird form (DerSimonian &amp; Laird 1986,
/// "Meta-analysis in clinical trials", Controlled Clinical Trials 7:177-188):
/// w_j = 1/v_j, ȳ_w = Σ w_j y_j / Σ w_j, Q = Σ w_j (y_j − ȳ_w)², τ² = max(0, (Q − (k − 1)) / (Σ w_j − Σ w_j² / Σ w_j)).
/// </summary>
/// <remarks>
/// Decisions. v_j is the stored SE² of the unit's own index (the one its interval uses) when it has at
/// least <see cref="OwnSpreadMinimumN"/> respondents; below that, or when its SE is missing or zero
/// (three identical answers), v_j = s_p²/n_j with s_p² the pooled within-unit respondent-level
/// variance, Σ (n_j − 1) s_j² / Σ (n_j − 1) over the siblings, s_j² = n_j SE_j²: a sample SD from a
/// handful of answers is too unstable to trust, and a zero one would make the unit look exact. The
/// prior mean is the MPP's published index rather than the DL weighted mean (the two nearly coincide)
/// because it is the figure the reader compares units with; τ² keeps the DL k − 1 degrees of freedom
/// because μ comes from the same answers.
/// </remarks>
public static class ShrunkenIndex
{
    /// <summary>From this many respondents a unit's own spread is used (the usual large-sample rule of thumb).</summary>
    public const long OwnSpreadMinimumN = 30;

    /// <param name="units">Sibling units, each with at least one respondent.</param>
    /// <param name="priorMean">μ, the MPP's index.</param>
    /// <param name="fallbackVariance">
    /// Respondent-level variance to use when no sibling has two respondents (the MPP's own n × SE²); null when unknown.
    /// </param>
    public static ShrinkageFit Fit(IReadOnlyList<ShrinkageInput> units, double priorMean, double? fallbackVariance = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (units.Any(u => u.N < 1 || !double.IsFinite(u.Raw)))
        {
            throw new ArgumentOutOfRangeException(nameof(units), "Every unit has at least one respondent and a finite index.");
        }
        if (!double.IsFinite(priorMean))
        {
            throw new ArgumentOutOfRangeException(nameof(priorMean), priorMean, "The prior mean is a finite index.");
        }

        var pooled = PooledVariance(units);
        if (!(pooled > 0) && fallbackVariance is double fallback && fallback > 0)
        {
            pooled = fallback;
        }
        var variances = units.Select(u => SamplingVariance(u, pooled)).ToList();
        if (units.Count < 2 || variances.Any(v => !(v.Variance > 0)))
        {
            // Nothing to estimate τ² from, or no spread known: the raw values stand, weight 1.
            return new ShrinkageFit(priorMean, double.NaN, pooled,
                units.Select((u, i) => new ShrunkenUnit(u.Raw, u.N, variances[i].Variance, variances[i].Pooled, 1, u.Raw)).ToList());
        }

        var tau2 = BetweenVariance(units.Select(u => u.Raw).ToList(), variances.Select(v => v.Variance).ToList());
        var shrunken = units.Select((u, i) =>
        {
            var weight = tau2 / (tau2 + variances[i].Variance);
            return new ShrunkenUnit(u.Raw, u.N, variances[i].Variance, variances[i].Pooled, weight, priorMean + weight * (u.Raw - priorMean));
        }).ToList();
        return new ShrinkageFit(priorMean, tau2, pooled, shrunken);
    }

    /// <summary>
    /// s_p² = Σ (n_j − 1) s_j² / Σ (n_j − 1), s_j² = n_j SE_j², over units with two or more respondents
    /// and a known SE (a unanimous unit adds its zero, as a pooled variance should); NaN when none has.
    /// </summary>
    public static double PooledVariance(IReadOnlyList<ShrinkageInput> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        double sum = 0, degrees = 0;
        foreach (var u in units)
        {
            if (u.N >= 2 && u.StandardError is double se && double.IsFinite(se))
            {
                sum += (u.N - 1) * (u.N * se * se);
                degrees += u.N - 1;
            }
        }
        return degrees > 0 ? sum / degrees : double.NaN;
    }

    /// <summary>
    /// DerSimonian-Laird moment estimate of τ², floored at 0 (DerSimonian &amp; Laird 1986):
    /// τ² = max(0, (Q − (k − 1)) / (Σ w − Σ w² / Σ w)), Q = Σ w_j (y_j − ȳ_w)², w_j = 1/v_j.
    /// </summary>
    public static double BetweenVariance(IReadOnlyList<double> values, IReadOnlyList<double> variances)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(variances);
        if (values.Count != variances.Count || values.Count < 2 || variances.Any(v => !(v > 0)))
        {
            throw new ArgumentException("Two or more units, each with a positive sampling variance.", nameof(variances));
        }
        var w = variances.Select(v => 1 / v).ToList();
        var sw = w.Sum();
        var mean = values.Select((y, i) => w[i] * y).Sum() / sw;
        var q = values.Select((y, i) => w[i] * (y - mean) * (y - mean)).Sum();
        var c = sw - w.Sum(x => x * x) / sw;
        return Math.Max(0, (q - (values.Count - 1)) / c);
    }

    /// <summary>
    /// The units ranked on the shown (rounded) shrunken index, highest first. Equal shown values share
    /// a rank, so two units the data cannot tell apart are not put one above the other; within a tie
    /// the unit with more respondents is listed first, then by name.
    /// </summary>
    public static IReadOnlyList<RankedUnit<T>> Rank<T>(
        IReadOnlyList<T> units, Func<T, ShrinkageInput> describe, Func<T, string> name, double priorMean, double? fallbackVariance = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(name);
        var fit = Fit(units.Select(describe).ToList(), priorMean, fallbackVariance);
        var ordered = units.Select((u, i) => (Unit: u, Estimate: fit.Units[i]))
            .OrderByDescending(x => x.Estimate.ShrunkenRounded)
            .ThenByDescending(x => x.Estimate.N)
            .ThenBy(x => name(x.Unit), StringComparer.Ordinal)
            .ToList();
        var ranked = new List<RankedUnit<T>>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Estimate.ShrunkenRounded == ordered[i - 1].Estimate.ShrunkenRounded ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedUnit<T>(rank, ordered[i].Unit, ordered[i].Estimate));
        }
        return ranked;
    }

    private static (double Variance, bool Pooled) SamplingVariance(ShrinkageInput unit, double pooled) =>
        unit.N >= OwnSpreadMinimumN && unit.StandardError is double se && se > 0 && double.IsFinite(se)
            ? (se * se, false)
            : (pooled / unit.N, true);
}
