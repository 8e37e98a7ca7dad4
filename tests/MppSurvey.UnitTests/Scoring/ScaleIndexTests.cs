using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>docs/method.md, Other templates: templates with their own scale; the index is the mean of indicator means, also rescaled to 0-100.</summary>
public class ScaleIndexTests
{
    private static readonly string[] SpakCodes = ["P1", "P2", "P3", "P4", "P5"];

    private static Respondent Row(params int?[] answers) =>
        new(SpakCodes.Zip(answers).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!.Value));

    [Fact]
    public void Spak_on_a_1_to_6_scale_is_the_mean_of_indicator_means_and_rescales_to_0_100()
    {
        // Hand-worked: P1 21/4 = 5.25, P2 20/4 = 5.00, P3 20/4 = 5.00, P4 18/3 = 6.00 (one blank), P5 22/4 = 5.50.
        // Index = 26.75 / 5 = 5.35; rescaled (5.35 - 1) / (6 - 1) x 100 = 87.00.
        var rows = new[]
        {
            Row(6, 5, 6, 6, 5),
            Row(5, 5, 4, 6, 6),
            Row(4, 6, 5, null, 6),
            Row(6, 4, 5, 6, 5),
        };

        var index = IndexCalculator.OnScale(rows, SpakCodes, new ScoreScale(1, 6));

        Assert.Equal(new decimal?[] { 5.25m, 5m, 5m, 6m, 5.5m }, index.Indicators.Select(i => i.Mean));
        Assert.Equal(3, index.Indicators.Single(i => i.Code == "P4").Answered);
        Assert.Equal(5.35m, index.Index);
        Assert.Equal(87.00m, index.RescaledRounded);
        Assert.Equal(["P2", "P3", "P1"], index.Lowest); // ties keep code order
    }

    [Fact]
    public void A_1_to_4_template_rescales_to_0_100_not_times_25()
    {
        // Mean 3.1 on 1..4: (3.1 - 1) / 3 x 100 = 70.00 (SKM's x 25 would be 77.50).
        var tallies = new[] { new ElementTally("K1", 10, 31) };

        var index = IndexCalculator.OnScale(tallies, ["K1"], ScoreScale.Skm);

        Assert.Equal(3.1m, index.Index);
        Assert.Equal(70.00m, index.RescaledRounded);
    }

    [Fact]
    public void Scale_ends_map_to_0_and_100()
    {
        var scale = new ScoreScale(1, 6);
        var lowest = IndexCalculator.OnScale([new ElementTally("P1", 3, 3)], ["P1"], scale);
        var highest = IndexCalculator.OnScale([new ElementTally("P1", 3, 18)], ["P1"], scale);

        Assert.Equal(0m, lowest.RescaledRounded);
        Assert.Equal(100m, highest.RescaledRounded);
    }

    [Fact]
    public void Answers_off_the_declared_scale_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexCalculator.OnScale([Row(7, 5, 5, 5, 5)], SpakCodes, new ScoreScale(1, 6)));
        Assert.Throws<ArgumentException>(() => IndexCalculator.OnScale([new ElementTally("P1", 2, 13)], SpakCodes, new ScoreScale(1, 6)));
    }

    [Fact]
    public void Respondent_scores_of_other_templates_are_on_0_100()
    {
        // Respondent means 5.6, 5.2, 5.25, 5.2 -> (m - 1) / 5 x 100 = 92, 84, 85, 84.
        var rows = new[]
        {
            Row(6, 5, 6, 6, 5),
            Row(5, 5, 4, 6, 6),
            Row(4, 6, 5, null, 6),
            Row(6, 4, 5, 6, 5),
        };

        var scores = ScoreTallies.FromRespondents(rows, SpakCodes, new ScoreScale(1, 6)).Scores;

        Assert.Equal(4, scores.N);
        Assert.Equal(92 + 84 + 85 + 84, scores.Sum, 9);
    }
}
