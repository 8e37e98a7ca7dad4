namespace MppSurvey.Core.Scoring;

/// <summary>
/// Per-element and per-respondent sufficient statistics for one element's correlation with the
/// respondent's overall score (drivers analysis, beyond docs/method.md). X is the answer to the element, Y the
/// respondent's score, over respondents who answered the element. A database computes these with
/// one <c>GROUP BY element</c> over answers joined to the per-respondent scores.
/// </summary>
public readonly record struct ElementDriverTally(
    string Code,
    long N,
    long SumX,
    long SumXX,
    double SumY,
    double SumYY,
    double SumXY);

/// <summary>
/// The sufficient statistics of a set of respondents of one unit and period: what a database
/// aggregate delivers, computed here from in-memory rows so that both paths share all later code.
/// </summary>
/// <param name="Elements">Per-element tallies in the template's code order.</param>
/// <param name="Scores">Summary of the respondent-level scores (x 25 for SKM, 0-100 otherwise).</param>
/// <param name="Drivers">Per-element correlation tallies in code order.</param>
/// <param name="Pairs">Pairwise-complete moments of every element pair, for the index's own standard error.</param>
public sealed record ScoreTallies(
    IReadOnlyList<ElementTally> Elements,
    RespondentScoreSummary Scores,
    IReadOnlyList<ElementDriverTally> Drivers,
    IReadOnlyList<ElementPairMoments> Pairs)
{
    /// <summary>Standard error of the mean of element means on the answer scale (<see cref="IndexUncertainty"/>).</summary>
    public double? IndexStandardError => IndexUncertainty.StandardError(Elements, Pairs, Scores.N);

    /// <summary>
    /// Reduces respondent rows of a template with its own scale to tallies (§7). A respondent's score
    /// is their mean answer over the indicators they answered, rescaled to 0-100. A respondent who
    /// answered nothing has no score and is not counted.
    /// </summary>
    public static ScoreTallies FromRespondents(IEnumerable<Respondent> respondents, IReadOnlyList<string> codes, ScoreScale scale) =>
        Build(respondents, codes, scale, skmConversion: false);

    /// <summary>
    /// SKM: codes U1..U9 on the 1..4 scale; a respondent's score is their mean answer over the elements
    /// they answered x 25 (§6), the same conversion as the index (§2 step 4).
    /// </summary>
    public static ScoreTallies Skm(IEnumerable<Respondent> respondents) =>
        Build(respondents, SkmElements.Codes, ScoreScale.Skm, skmConversion: true);

    private static ScoreTallies Build(IEnumerable<Respondent> respondents, IReadOnlyList<string> codes, ScoreScale scale, bool skmConversion)
    {
        ArgumentNullException.ThrowIfNull(respondents);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(scale);

        var rows = respondents.ToList();
        var answered = new long[codes.Count];
        var sums = new long[codes.Count];
        var sumXX = new long[codes.Count];
        var sumY = new double[codes.Count];
        var sumYY = new double[codes.Count];
        var sumXY = new double[codes.Count];
        var scores = new List<double>(rows.Count);

        foreach (var row in rows)
        {
            foreach (var code in row.Answers.Keys)
            {
                if (!codes.Contains(code, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"Answer for unknown element '{code}'.", nameof(respondents));
                }
            }

            long count = 0, total = 0;
            for (var i = 0; i < codes.Count; i++)
            {
                if (row.Answers.TryGetValue(codes[i], out var answer))
                {
                    if (!scale.Contains(answer))
                    {
                        throw new ArgumentOutOfRangeException(nameof(respondents), answer, $"Answer to {codes[i]} outside {scale.Min}-{scale.Max}.");
                    }

                    count++;
                    total += answer;
                }
            }

            if (count == 0)
            {
                continue;
            }

            var mean = Fraction.Of(total, count);
            var score = skmConversion ? mean.Times(25).ToDouble() : scale.RescaleTo100(mean).ToDouble();
            scores.Add(score);

            for (var i = 0; i < codes.Count; i++)
            {
                if (row.Answers.TryGetValue(codes[i], out var x))
                {
                    answered[i]++;
                    sums[i] += x;
                    sumXX[i] += (long)x * x;
                    sumY[i] += score;
                    sumYY[i] += score * score;
                    sumXY[i] += x * score;
                }
            }
        }

        var elements = codes.Select((code, i) => new ElementTally(code, answered[i], sums[i])).ToList();
        var drivers = codes.Select((code, i) => new ElementDriverTally(code, answered[i], sums[i], sumXX[i], sumY[i], sumYY[i], sumXY[i])).ToList();
        var pairs = ElementPairMoments.Of(rows.Where(r => r.Answers.Count > 0).Select(r => r.Answers), codes);
        return new ScoreTallies(elements, RespondentScoreSummary.Of(scores), drivers, pairs);
    }
}
