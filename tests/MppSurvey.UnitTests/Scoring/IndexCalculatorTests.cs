using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>docs/method.md, The index and the Worked example; every expected number is from the document or worked by hand.</summary>
public class IndexCalculatorTests
{
    private static SkmIndex Example() => IndexCalculator.Skm(WorkedExample.Respondents());

    [Fact]
    public void Worked_example_gives_88_61_grade_A_Sangat_Baik()
    {
        var index = Example();

        Assert.Equal(88.61m, index.ConvertedRounded);
        Assert.Equal(Grade.A, index.Grade);
        Assert.Equal("Sangat Baik", Grading.Label(index.Grade, ScoringText.Indonesian));
        Assert.Equal("Very good", Grading.Label(index.Grade, System.Globalization.CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void Worked_example_sums_and_nrr_match_the_document()
    {
        var index = Example();

        Assert.Equal(SkmElements.Codes, index.Elements.Select(e => e.Code));
        Assert.Equal(new long[] { 36, 35, 31, 40, 36, 37, 38, 32, 34 }, index.Elements.Select(e => e.Sum));
        Assert.Equal(319, index.Elements.Sum(e => e.Sum));
        Assert.All(index.Elements, e => Assert.Equal(10, e.Answered));
        Assert.Equal(new decimal?[] { 3.6m, 3.5m, 3.1m, 4.0m, 3.6m, 3.7m, 3.8m, 3.2m, 3.4m }, index.Elements.Select(e => e.Nrr));
    }

    [Fact]
    public void Worked_example_ikm_is_31_9_over_9_unrounded()
    {
        var index = Example();

        // 31.9 / 9 = 3.5444...; decimal keeps 28 decimals.
        Assert.Equal(3.5444444444444444444444444444m, index.Ikm);
        Assert.Equal(88.611111111111111111111111111m, index.Converted);
    }

    [Fact]
    public void Weighted_nrr_is_nrr_over_nine_and_element_converted_is_nrr_times_25()
    {
        var u1 = Example().Elements[0];

        Assert.Equal(0.4m, u1.WeightedNrr); // 3.6 / 9
        Assert.Equal(90.00m, u1.ConvertedRounded); // 3.6 x 25
        Assert.Equal(Grade.A, u1.Grade); // 90.00 >= 88.31
    }

    [Fact]
    public void Each_element_is_graded_on_its_nrr_times_25()
    {
        // NRR x 25: 90, 87.5, 77.5, 100, 90, 92.5, 95, 80, 85.
        var expected = new Grade?[] { Grade.A, Grade.B, Grade.B, Grade.A, Grade.A, Grade.A, Grade.A, Grade.B, Grade.B };
        var index = Example();

        Assert.Equal(new decimal?[] { 90.00m, 87.50m, 77.50m, 100.00m, 90.00m, 92.50m, 95.00m, 80.00m, 85.00m }, index.Elements.Select(e => e.ConvertedRounded));
        Assert.Equal(expected, index.Elements.Select(e => e.Grade));
    }

    [Fact]
    public void Lowest_three_elements_are_U3_U8_U9()
    {
        Assert.Equal(["U3", "U8", "U9"], Example().Lowest);
    }

    [Fact]
    public void Legacy_weight_0_11_flips_the_grade_to_B_and_0_111_stays_A()
    {
        var legacy = Example().Legacy;

        var w0111 = Assert.Single(legacy, v => v.Weight == 0.111m);
        Assert.Equal(88.5225m, w0111.Converted); // 31.9 x 0.111 x 25
        Assert.Equal(88.52m, w0111.ConvertedRounded);
        Assert.Equal(Grade.A, w0111.Grade);

        var w011 = Assert.Single(legacy, v => v.Weight == 0.11m);
        Assert.Equal(87.725m, w011.Converted); // 31.9 x 0.11 x 25
        Assert.Equal(87.73m, w011.ConvertedRounded); // half away from zero, not banker's 87.72
        Assert.Equal(Grade.B, w011.Grade);

        Assert.All(legacy, v => Assert.False(v.IsOfficial));
    }

    [Fact]
    public void Legacy_weights_cap_a_perfect_score_at_99_90_and_99_00()
    {
        var allFour = Enumerable.Repeat(Respondent.Skm(4, 4, 4, 4, 4, 4, 4, 4, 4), 3);

        var legacy = IndexCalculator.Skm(allFour).Legacy;

        Assert.Equal(99.90m, legacy.Single(v => v.Weight == 0.111m).ConvertedRounded);
        Assert.Equal(99.00m, legacy.Single(v => v.Weight == 0.11m).ConvertedRounded);
    }

    [Fact]
    public void A_blank_answer_leaves_the_element_out_and_the_index_unchanged_at_88_61()
    {
        var index = IndexCalculator.Skm(WorkedExample.RespondentsWithR10U4Blank());

        var u4 = index.Elements.Single(e => e.Code == "U4");
        Assert.Equal(9, u4.Answered);
        Assert.Equal(36, u4.Sum);
        Assert.Equal(4.0m, u4.Nrr);
        Assert.Equal(88.61m, index.ConvertedRounded);
        Assert.Equal(Grade.A, index.Grade);
        Assert.True(index.IsComplete);

        // The common bug of §3, a pooled mean of all 89 answers: 315 / 89 x 25 = 88.483... -> 88.48.
        Assert.NotEqual(88.48m, index.ConvertedRounded);
    }

    [Fact]
    public void All_answers_4_give_100_00_and_all_answers_1_give_25_00()
    {
        var allFour = IndexCalculator.Skm(Enumerable.Repeat(Respondent.Skm(4, 4, 4, 4, 4, 4, 4, 4, 4), 5));
        var allOne = IndexCalculator.Skm(Enumerable.Repeat(Respondent.Skm(1, 1, 1, 1, 1, 1, 1, 1, 1), 5));

        Assert.Equal(100.00m, allFour.ConvertedRounded);
        Assert.Equal("100.00", allFour.ConvertedRounded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Grade.A, allFour.Grade);
        Assert.Equal(25.00m, allOne.ConvertedRounded);
        Assert.Equal("25.00", allOne.ConvertedRounded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Grade.D, allOne.Grade);
    }

    [Fact]
    public void Tallies_from_a_database_give_the_same_result_as_respondent_rows()
    {
        // What a GROUP BY would return for the worked example, in a shuffled order.
        var tallies = new[]
        {
            new ElementTally("U9", 10, 34), new ElementTally("U1", 10, 36), new ElementTally("U8", 10, 32),
            new ElementTally("U2", 10, 35), new ElementTally("U3", 10, 31), new ElementTally("U4", 10, 40),
            new ElementTally("U5", 10, 36), new ElementTally("U6", 10, 37), new ElementTally("U7", 10, 38),
        };

        var fromTallies = IndexCalculator.Skm(tallies);

        Assert.Equal(88.61m, fromTallies.ConvertedRounded);
        Assert.Equal(3.5444444444444444444444444444m, fromTallies.Ikm);
        Assert.Equal(["U3", "U8", "U9"], fromTallies.Lowest);
        Assert.Equal(SkmElements.Codes, fromTallies.Elements.Select(e => e.Code));
    }

    [Fact]
    public void Grading_is_exact_where_decimal_division_would_land_below_a_midpoint()
    {
        // Hand-worked: 4/4 + 13/4 + 42/12 + 24/10 + 37/12 + 4/3 + 23/8 + 23/6 + 5/5 = 22.275 exactly,
        // x 25 / 9 = 61.875 -> 61.88. Summing 28-digit decimal NRRs gives 61.87499...98 -> 61.87.
        int[] answered = [4, 4, 12, 10, 12, 3, 8, 6, 5];
        int[] sums = [4, 13, 42, 24, 37, 4, 23, 23, 5];
        var tallies = SkmElements.Codes.Select((code, i) => new ElementTally(code, answered[i], sums[i]));

        var index = IndexCalculator.Skm(tallies);

        Assert.Equal(61.88m, index.ConvertedRounded);
        Assert.Equal(Grade.D, index.Grade);
    }

    [Fact]
    public void An_element_nobody_answered_is_reported_and_left_out_of_the_mean()
    {
        // U8 never answered; the other eight NRRs of the worked example: 31.9 - 3.2 = 28.7, / 8 = 3.5875, x 25 = 89.6875 -> 89.69.
        var tallies = new[] { 36, 35, 31, 40, 36, 37, 38, 0, 34 }
            .Select((sum, i) => new ElementTally(SkmElements.Codes[i], sum == 0 ? 0 : 10, sum));

        var index = IndexCalculator.Skm(tallies);

        Assert.False(index.IsComplete);
        Assert.Equal(["U8"], index.UnansweredElements);
        Assert.Null(index.Elements.Single(e => e.Code == "U8").Nrr);
        Assert.Equal(89.69m, index.ConvertedRounded);
    }

    [Fact]
    public void Impossible_or_unknown_tallies_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => IndexCalculator.Skm([new ElementTally("U1", 10, 41)])); // above 4 x 10
        Assert.Throws<ArgumentException>(() => IndexCalculator.Skm([new ElementTally("U1", 10, 9)])); // below 1 x 10
        Assert.Throws<ArgumentException>(() => IndexCalculator.Skm([new ElementTally("U10", 1, 4)]));
        Assert.Throws<ArgumentException>(() => IndexCalculator.Skm([new ElementTally("U1", 1, 4), new ElementTally("U1", 1, 4)]));
        Assert.Throws<ArgumentException>(() => IndexCalculator.Skm(Array.Empty<ElementTally>()));
    }
}
