namespace MppSurvey.Core.Scoring;

/// <summary>
/// Computes the SKM index (docs/method.md, The index) and the index of templates with another scale (Other templates (SPKP, SPAK))
/// from per-element tallies. Respondent-row overloads first reduce the rows to the same tallies, so
/// a database aggregate and an in-memory spreadsheet can never disagree.
/// </summary>
public static class IndexCalculator
{
    /// <summary>The follow-up plan targets the lowest elements (§5); the report lists three.</summary>
    public const int LowestCount = 3;

    /// <summary>Weights used by old spreadsheets (§2 decisions), for the reconciliation view only.</summary>
    public static IReadOnlyList<decimal> LegacyWeights { get; } = [0.111m, 0.11m];

    /// <summary>
    /// The SKM index from per-element tallies (U1..U9 in any order). An element without a tally or
    /// with no answers is reported as unanswered and left out of the mean.
    /// </summary>
    /// <remarks>
    /// Decision (the regulation is silent): if nobody answered an element, the index is the mean of
    /// the remaining NRRs rather than counting the missing element as 0, for the same reason that a
    /// blank answer is never 0 (§2 step 1). <see cref="SkmIndex.IsComplete"/> tells the caller.
    /// </remarks>
    public static SkmIndex Skm(IEnumerable<ElementTally> tallies)
    {
        var core = Compute(tallies, SkmElements.Codes, ScoreScale.Skm);
        var answeredCount = core.Answered.Count;

        var elements = core.Elements.Select(e => e.Nrr is { } nrr
                ? new ElementScore(
                    e.Tally.Code,
                    e.Tally.Answered,
                    e.Tally.Sum,
                    nrr.ToDecimal(),
                    nrr.DividedBy(answeredCount).ToDecimal(), // §2 step 2: weight 1/9, not 0.111
                    nrr.Times(25).ToDecimal(),
                    nrr.Times(25).RoundAwayFromZero(2),
                    Grading.OfRounded(nrr.Times(25).RoundAwayFromZero(2))) // §2 step 5: elements graded like the index
                : new ElementScore(e.Tally.Code, e.Tally.Answered, e.Tally.Sum, null, null, null, null, null))
            .ToList();

        // §2 steps 3-5: IKM is the mean of the NRRs; konversi is x 25; grade on the value rounded half away from zero.
        var converted = core.Mean.Times(25);
        var rounded = converted.RoundAwayFromZero(2);

        // §2 decisions / §3: a spreadsheet with weight w shows sum(NRR) x w x 25 (99.90 or 99.00 at best).
        var sumOfNrr = core.Mean.Times(answeredCount);
        var legacy = LegacyWeights.Select(weight =>
        {
            var legacyIkm = sumOfNrr.Times(ToScaledInteger(weight, out var scale)).DividedBy(scale);
            var legacyConverted = legacyIkm.Times(25);
            var legacyRounded = legacyConverted.RoundAwayFromZero(2);
            return new LegacyWeightView(weight, legacyIkm.ToDecimal(), legacyConverted.ToDecimal(), legacyRounded, Grading.OfRounded(legacyRounded));
        }).ToList();

        return new SkmIndex(
            elements,
            core.Mean.ToDecimal(),
            converted.ToDecimal(),
            rounded,
            Grading.OfRounded(rounded),
            core.Lowest,
            legacy);
    }

    /// <summary>The SKM index of respondent rows (the score tool, tests); routes through <see cref="Skm(IEnumerable{ElementTally})"/>.</summary>
    public static SkmIndex Skm(IEnumerable<Respondent> respondents) =>
        Skm(ScoreTallies.Skm(respondents).Elements);

    /// <summary>
    /// The index of a template with its own scale and indicator codes (SPKP, SPAK; §7): the mean of the
    /// indicator means on that scale, also rescaled to 0-100.
    /// </summary>
    public static ScaleIndex OnScale(IEnumerable<ElementTally> tallies, IReadOnlyList<string> codes, ScoreScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var core = Compute(tallies, codes, scale);
        var indicators = core.Elements.Select(e => e.Nrr is { } mean
                ? new IndicatorScore(e.Tally.Code, e.Tally.Answered, e.Tally.Sum, mean.ToDecimal(), scale.RescaleTo100(mean).ToDecimal())
                : new IndicatorScore(e.Tally.Code, e.Tally.Answered, e.Tally.Sum, null, null))
            .ToList();
        var rescaled = scale.RescaleTo100(core.Mean);
        return new ScaleIndex(scale, indicators, core.Mean.ToDecimal(), rescaled.ToDecimal(), rescaled.RoundAwayFromZero(2), core.Lowest);
    }

    /// <summary>Respondent-row overload of <see cref="OnScale(IEnumerable{ElementTally}, IReadOnlyList{string}, ScoreScale)"/>.</summary>
    public static ScaleIndex OnScale(IEnumerable<Respondent> respondents, IReadOnlyList<string> codes, ScoreScale scale) =>
        OnScale(ScoreTallies.FromRespondents(respondents, codes, scale).Elements, codes, scale);

    private static CoreResult Compute(IEnumerable<ElementTally> tallies, IReadOnlyList<string> codes, ScoreScale scale)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        ArgumentNullException.ThrowIfNull(codes);

        var byCode = new Dictionary<string, ElementTally>(StringComparer.Ordinal);
        foreach (var tally in tallies)
        {
            if (!codes.Contains(tally.Code, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Element '{tally.Code}' is not one of the template's codes ({string.Join(", ", codes)}).", nameof(tallies));
            }

            if (!byCode.TryAdd(tally.Code, tally))
            {
                throw new ArgumentException($"Element '{tally.Code}' has more than one tally.", nameof(tallies));
            }

            // Every answer lies on the scale, so the sum must too; anything else is a broken aggregate.
            if (tally.Answered < 0 || tally.Sum < tally.Answered * scale.Min || tally.Sum > tally.Answered * scale.Max)
            {
                throw new ArgumentException($"Element '{tally.Code}': sum {tally.Sum} of {tally.Answered} answers is impossible on the scale {scale.Min}-{scale.Max}.", nameof(tallies));
            }
        }

        var elements = codes.Select(code =>
        {
            var tally = byCode.TryGetValue(code, out var t) ? t : new ElementTally(code, 0, 0);
            // §2 step 1: NRR = sum / respondents who answered this element (a blank is never 0).
            Fraction? nrr = tally.Answered > 0 ? Fraction.Of(tally.Sum, tally.Answered) : null;
            return new CoreElement(tally, nrr);
        }).ToList();

        var answered = elements.Where(e => e.Nrr is not null).ToList();
        if (answered.Count == 0)
        {
            throw new ArgumentException("No element has any answer: the index is undefined.", nameof(tallies));
        }

        // §2 step 3 / §7: the index is the mean of the element means, not a pooled mean of all answers
        // (the pooled mean is the "common bug" of §3, 88.48 instead of 88.61 with one blank).
        var mean = answered.Aggregate(Fraction.Zero, (acc, e) => acc + e.Nrr!.Value).DividedBy(answered.Count);

        // §5: the follow-up plan targets the lowest elements; ties keep code order so that reports are stable.
        var lowest = answered
            .Select((e, position) => (e, position))
            .OrderBy(x => x.e.Nrr!.Value, FractionComparer.Instance)
            .ThenBy(x => x.position)
            .Take(LowestCount)
            .Select(x => x.e.Tally.Code)
            .ToList();

        return new CoreResult(elements, answered, mean, lowest);
    }

    /// <summary>0.111 -> 111 with scale 1000: keeps the legacy arithmetic exact.</summary>
    private static long ToScaledInteger(decimal weight, out long scale)
    {
        scale = 1;
        while (weight != decimal.Truncate(weight))
        {
            weight *= 10;
            scale *= 10;
        }

        return (long)weight;
    }

    private sealed record CoreElement(ElementTally Tally, Fraction? Nrr);

    private sealed record CoreResult(IReadOnlyList<CoreElement> Elements, IReadOnlyList<CoreElement> Answered, Fraction Mean, IReadOnlyList<string> Lowest);

    private sealed class FractionComparer : IComparer<Fraction>
    {
        public static readonly FractionComparer Instance = new();

        public int Compare(Fraction x, Fraction y) => x.CompareTo(y);
    }
}
