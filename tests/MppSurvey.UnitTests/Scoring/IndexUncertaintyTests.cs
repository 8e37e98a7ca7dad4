using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>
/// The uncertainty and the change verdict of the official index itself (mean of element means), by
/// the delta method over the element means' pairwise-complete covariance (IndexUncertainty).
/// </summary>
public class IndexUncertaintyTests
{
    private static readonly string[] TwoCodes = ["A", "B"];

    private static Dictionary<string, int> Answers(int? a, int? b)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        if (a is int x)
        {
            answers["A"] = x;
        }
        if (b is int y)
        {
            answers["B"] = y;
        }
        return answers;
    }

    [Fact]
    public void Standard_error_with_blanks_matches_the_hand_worked_value()
    {
        // R1 (4, 2), R2 (3, -), R3 (2, 3), R4 (-, 3): means A 3, B 8/3. Influence values
        // z = (1/2) sum (x - mean)/n over answered elements: 1/18, 0, -1/9, 1/18; sum z^2 = 1/54,
        // x 4/3 = 2/81, so the standard error is sqrt(2)/9 = 0.157134840...
        var rows = new[] { Answers(4, 2), Answers(3, null), Answers(2, 3), Answers(null, 3) };
        var tallies = new[] { new ElementTally("A", 3, 9), new ElementTally("B", 3, 8) };

        var se = IndexUncertainty.StandardError(tallies, ElementPairMoments.Of(rows, TwoCodes), respondents: 4);

        Assert.Equal(Math.Sqrt(2) / 9, se!.Value, 12);
    }

    [Fact]
    public void Without_blanks_it_is_the_standard_error_of_the_respondent_scores_so_the_worked_example_interval_is_unchanged()
    {
        // docs/method.md, Worked example: sd of the respondent scores 9.6625150727 (scipy), / sqrt(10) = 3.0555555555.
        var tallies = ScoreTallies.Skm(WorkedExample.Respondents());
        var index = IndexCalculator.Skm(tallies.Elements);

        var ci = ConfidenceInterval.FromStandardError((double)index.Converted, tallies.IndexStandardError * 25, tallies.Scores.N,
            ConfidenceInterval.SkmMinimum, ConfidenceInterval.ScaleMaximum)!;

        Assert.Equal(3.0555555555, tallies.IndexStandardError!.Value * 25, 8);
        Assert.Equal(81.6989642250, ci.Low, 8);
        Assert.Equal(95.5232579973, ci.High, 8);
    }

    [Fact]
    public void Pairs_from_versions_that_order_elements_differently_merge_by_code()
    {
        var forward = new ElementPairMoments("U8", "U9", 5, 12, 17, 40);
        var backward = new ElementPairMoments("U9", "U8", 5, 17, 12, 40);

        Assert.Equal(forward.Normalized(), backward.Normalized());
        Assert.Equal(new ElementPairMoments("U8", "U9", 10, 24, 34, 80), forward.Normalized().Plus(backward.Normalized()));
    }

    [Fact]
    public void Delta_method_agrees_with_a_seeded_respondent_bootstrap_on_data_with_heavy_blanks()
    {
        // 300 respondents; U8 left blank by 70%, U9 by 50%, U4 by 20%; answers correlated through a mood.
        var random = new Random(20261203);
        var blankRate = new[] { 0.02, 0.02, 0.05, 0.2, 0.05, 0.02, 0.02, 0.7, 0.5 };
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var mood = 2.2 + 1.6 * random.NextDouble();
            return Respondent.Skm(Enumerable.Range(0, 9)
                .Select(e => random.NextDouble() < blankRate[e] ? (int?)null : Math.Clamp((int)Math.Round(mood + random.NextDouble() - 0.5 - (e == 7 ? 0.8 : 0)), 1, 4))
                .ToArray());
        }).Where(r => r.Answers.Count > 0).ToList();

        var delta = ScoreTallies.Skm(rows).IndexStandardError!.Value * 25;

        var resample = new Random(7);
        var estimates = Enumerable.Range(0, 2000).Select(_ =>
        {
            var sample = Enumerable.Range(0, rows.Count).Select(_ => rows[resample.Next(rows.Count)]).ToList();
            return (double)IndexCalculator.Skm(sample).Converted;
        }).ToList();
        var mean = estimates.Average();
        var bootstrap = Math.Sqrt(estimates.Sum(x => (x - mean) * (x - mean)) / (estimates.Count - 1));

        Assert.InRange(delta / bootstrap, 0.9, 1.1);
    }

    /// <summary>
    /// The defect: with many blanks in the low elements, the respondents' mean answers rose (75.00 ->
    /// 89.81, Welch t = 9.1) while the official index fell (75.00 -> 67.59), and the verdict said "rise".
    /// </summary>
    [Fact]
    public void A_fall_of_the_index_is_never_called_a_rise_when_respondent_means_rise()
    {
        var (before, after) = (RegressionData.Before(), RegressionData.After());
        var welch = PeriodChangeTest.Compare(ScoreTallies.Skm(before).Scores, ScoreTallies.Skm(after).Scores);
        Assert.Equal(ChangeVerdict.SignificantRise, welch.Verdict);

        var change = PeriodChangeTest.CompareIndices(Estimate(before), Estimate(after));

        Assert.Equal(75.00m, IndexCalculator.Skm(before).ConvertedRounded);
        Assert.Equal(67.59m, IndexCalculator.Skm(after).ConvertedRounded);
        Assert.Equal(ChangeVerdict.SignificantFall, change.Verdict);
    }

    private static IndexEstimate Estimate(IReadOnlyList<Respondent> rows)
    {
        var tallies = ScoreTallies.Skm(rows);
        return new IndexEstimate(IndexCalculator.Skm(tallies.Elements).ConvertedRounded, tallies.IndexStandardError * 25, tallies.Scores.N);
    }

    [Fact]
    public void The_verdicts_direction_is_always_the_sign_of_the_published_change()
    {
        // Property over 20,000 seeded cases, including equal values, zero and tiny standard errors.
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var before = Math.Round(25m + (decimal)random.NextDouble() * 75m, 2);
            var after = random.Next(5) == 0 ? before : Math.Round(25m + (decimal)random.NextDouble() * 75m, 2);
            double? Se() => random.Next(10) switch { 0 => 0, 1 => null, 2 => 1e-9, _ => random.NextDouble() * 5 };
            var change = PeriodChangeTest.CompareIndices(new IndexEstimate(before, Se(), random.Next(1, 500)), new IndexEstimate(after, Se(), random.Next(1, 500)));

            var expected = Math.Sign(after - before);
            switch (change.Verdict)
            {
                case ChangeVerdict.SignificantRise:
                    Assert.Equal(1, expected);
                    break;
                case ChangeVerdict.SignificantFall:
                    Assert.Equal(-1, expected);
                    break;
                default:
                    // No significant change or too little data: no direction is claimed.
                    break;
            }
        }
    }
}

/// <summary>Two periods where the respondents' mean answers rise while the official index falls (many blanks in low elements).</summary>
internal static class RegressionData
{
    /// <summary>100 respondents answering everything: 60 all 3; 20 with U9 = 2; 20 with U1 = 4 (index 75.00).</summary>
    public static IReadOnlyList<Respondent> Before() =>
        Repeat(60, [3, 3, 3, 3, 3, 3, 3, 3, 3]).Concat(Repeat(20, [3, 3, 3, 3, 3, 3, 3, 3, 2])).Concat(Repeat(20, [4, 3, 3, 3, 3, 3, 3, 3, 3]))
            .Select(a => Respondent.Skm(a)).ToList();

    /// <summary>90 answer only U1..U4 (all 4); 30 answer everything, low on U5..U9 (index 67.59).</summary>
    public static IReadOnlyList<Respondent> After() =>
        Repeat(90, [4, 4, 4, 4, null, null, null, null, null]).Concat(Repeat(20, [3, 3, 3, 3, 2, 2, 2, 2, 2])).Concat(Repeat(10, [3, 3, 3, 3, 1, 2, 2, 2, 1]))
            .Select(a => Respondent.Skm(a)).ToList();

    public static IEnumerable<int?[]> Repeat(int count, int?[] answers) => Enumerable.Repeat(answers, count);
}
