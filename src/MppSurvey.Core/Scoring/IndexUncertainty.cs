namespace MppSurvey.Core.Scoring;

/// <summary>
/// Pairwise-complete moments of two elements over the respondents who answered both (for one element
/// with itself: its answered count, sum and sum of squares). A database computes them in the same pass
/// as the element tallies: <c>count(a*b)</c>, <c>sum(a + b*0)</c>, <c>sum(b + a*0)</c>, <c>sum(a*b)</c>.
/// </summary>
/// <param name="First">Code of the first element.</param>
/// <param name="Second">Code of the second element (equal to <paramref name="First"/> on the diagonal).</param>
/// <param name="Both">Respondents who answered both.</param>
/// <param name="SumFirst">Sum of their answers to the first element.</param>
/// <param name="SumSecond">Sum of their answers to the second element.</param>
/// <param name="SumOfProducts">Sum of the products of their two answers.</param>
public readonly record struct ElementPairMoments(string First, string Second, long Both, long SumFirst, long SumSecond, long SumOfProducts)
{
    /// <summary>The same moments with the codes in ordinal order, so pairs from template versions that order elements differently merge.</summary>
    public ElementPairMoments Normalized() =>
        string.CompareOrdinal(First, Second) <= 0 ? this : new ElementPairMoments(Second, First, Both, SumSecond, SumFirst, SumOfProducts);

    public ElementPairMoments Plus(ElementPairMoments other) =>
        this with { Both = Both + other.Both, SumFirst = SumFirst + other.SumFirst, SumSecond = SumSecond + other.SumSecond, SumOfProducts = SumOfProducts + other.SumOfProducts };

    /// <summary>The moments of every element pair (diagonal included, each unordered pair once) of in-memory respondents.</summary>
    public static IReadOnlyList<ElementPairMoments> Of(IEnumerable<IReadOnlyDictionary<string, int>> respondents, IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(respondents);
        ArgumentNullException.ThrowIfNull(codes);
        var moments = new Dictionary<(int, int), ElementPairMoments>();
        for (var i = 0; i < codes.Count; i++)
        {
            for (var j = i; j < codes.Count; j++)
            {
                moments[(i, j)] = new ElementPairMoments(codes[i], codes[j], 0, 0, 0, 0);
            }
        }
        foreach (var answers in respondents)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                if (!answers.TryGetValue(codes[i], out var a))
                {
                    continue;
                }
                for (var j = i; j < codes.Count; j++)
                {
                    if (answers.TryGetValue(codes[j], out var b))
                    {
                        moments[(i, j)] = moments[(i, j)].Plus(new ElementPairMoments(codes[i], codes[j], 1, a, b, (long)a * b));
                    }
                }
            }
        }
        return moments.Values.Select(m => m.Normalized()).ToList();
    }
}

/// <summary>
/// The standard error of the official index itself: the mean of the element means (docs/method.md, The index; The interval of the index),
/// not of the respondents' mean answers, which move differently when some elements are often left
/// blank. The index is linear in the element means, so its variance is the delta method's
/// (linearization, Taylor) sum over the element means' covariance matrix:
/// Var(mean of K means) = (1/K²) Σⱼ Σₖ Cov(x̄ⱼ, x̄ₖ), with Cov(x̄ⱼ, x̄ₖ) = Σ over respondents who answered
/// both of (xⱼ − x̄ⱼ)(xₖ − x̄ₖ) / (nⱼ nₖ), i.e. pairwise-complete covariance for blank answers; the
/// whole estimate is scaled by n/(n − 1) for n respondents, as a sample variance is. This equals the
/// sum of squared influence values of the respondents (each respondent's contribution
/// Σⱼ (xᵢⱼ − x̄ⱼ)/nⱼ over the elements they answered), which is what a respondent bootstrap estimates.
/// References: Cochran, Sampling Techniques (3rd ed., 1977), §6.7 (ratio/linearized variance);
/// Wolter, Introduction to Variance Estimation (2nd ed., 2007), ch. 6 (Taylor series method).
/// </summary>
public static class IndexUncertainty
{
    /// <summary>
    /// Standard error of the mean of element means, on the answer scale (multiply by 25 for the IKM
    /// konversi); null below two respondents or without any answered element.
    /// </summary>
    /// <param name="elements">Element tallies; elements nobody answered are left out, as the index leaves them out.</param>
    /// <param name="pairs">Pair moments, each unordered pair once, diagonal included.</param>
    /// <param name="respondents">Respondents with at least one answer.</param>
    public static double? StandardError(IReadOnlyList<ElementTally> elements, IEnumerable<ElementPairMoments> pairs, long respondents)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(pairs);
        var used = elements.Where(e => e.Answered > 0).ToList();
        if (used.Count == 0 || respondents < 2)
        {
            return null;
        }
        var position = used.Select((e, i) => (e.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var means = used.Select(e => (double)e.Sum / e.Answered).ToArray();
        double total = 0;
        foreach (var p in pairs)
        {
            if (p.Both == 0 || !position.TryGetValue(p.First, out var j) || !position.TryGetValue(p.Second, out var k))
            {
                continue;
            }
            // Σ over respondents who answered both of (xj − x̄j)(xk − x̄k), expanded into the stored sums.
            var centred = p.SumOfProducts - means[k] * p.SumFirst - means[j] * p.SumSecond + p.Both * means[j] * means[k];
            var covariance = centred / ((double)used[j].Answered * used[k].Answered);
            total += j == k ? covariance : 2 * covariance;
        }
        var variance = Math.Max(0, total) * respondents / (respondents - 1.0) / ((double)used.Count * used.Count);
        return Math.Sqrt(variance);
    }
}
