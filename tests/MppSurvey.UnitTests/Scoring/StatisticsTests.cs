using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>
/// docs/method.md, The interval of the index and A change between two periods. Reference values were computed independently with SciPy, not with this code:
/// <c>apt-get update &amp;&amp; apt-get install -y python3-scipy</c> (Debian 12: scipy 1.10.1, numpy 1.24), then
/// <c>/usr/bin/python3 tests/MppSurvey.UnitTests/Scoring/reference_values.py</c>; that script sits next to this
/// file and prints every number used below (stats.t.interval, stats.ttest_ind(equal_var=False),
/// stats.linregress, stats.norm.ppf, numpy.corrcoef).
/// </summary>
public class StatisticsTests
{
    private const int Digits = 8;

    // Respondent scores of the worked example (mean answer x 25): answer sums 35 33 32 25 36 31 34 32 27 34, x 25 / 9.
    private static readonly double[] ExampleScores = new[] { 35, 33, 32, 25, 36, 31, 34, 32, 27, 34 }.Select(s => s * 25.0 / 9).ToArray();

    [Fact]
    public void Respondent_scores_of_the_worked_example_are_mean_answer_times_25()
    {
        var summary = ScoreTallies.Skm(WorkedExample.Respondents()).Scores;

        Assert.Equal(10, summary.N);
        Assert.Equal(319 * 25.0 / 9, summary.Sum, 9); // the mean of these is the official 88.6111 when nobody leaves a blank
        Assert.Equal(ExampleScores.Sum(s => s * s), summary.SumOfSquares, 6);
    }

    [Fact]
    public void Confidence_interval_of_the_worked_example_matches_scipy()
    {
        // scipy: mean 88.6111111111, sd 9.6625150727, t(0.975, 9) 2.2621571627 -> [81.6989642250, 95.5232579973].
        var scores = ScoreTallies.Skm(WorkedExample.Respondents()).Scores;
        var index = IndexCalculator.Skm(WorkedExample.Respondents());

        var ci = ConfidenceInterval.ForSkmIndex(index.Converted, scores);

        Assert.NotNull(ci);
        Assert.Equal(9.6625150727, scores.StandardDeviation, Digits);
        Assert.Equal(81.6989642250, ci.Low, Digits);
        Assert.Equal(95.5232579973, ci.High, Digits);
        Assert.Equal(88.6111111111, ci.Center, Digits);
    }

    [Fact]
    public void Confidence_interval_from_database_sums_equals_the_one_from_rows()
    {
        var fromSums = ConfidenceInterval.ForMean(new RespondentScoreSummary(10, ExampleScores.Sum(), ExampleScores.Sum(s => s * s)));

        Assert.NotNull(fromSums);
        Assert.Equal(81.6989642250, fromSums.Low, Digits);
        Assert.Equal(95.5232579973, fromSums.High, Digits);
    }

    [Fact]
    public void Confidence_interval_is_clipped_to_the_scale_and_undefined_for_one_respondent()
    {
        var unanimous = RespondentScoreSummary.Of([100, 100, 100]);
        var nearTop = RespondentScoreSummary.Of([100, 100, 75]);

        Assert.Equal((100.0, 100.0), (ConfidenceInterval.ForSkmIndex(100m, unanimous)!.Low, ConfidenceInterval.ForSkmIndex(100m, unanimous)!.High));
        Assert.Equal(100.0, ConfidenceInterval.ForSkmIndex(91.67m, nearTop)!.High);
        Assert.Null(ConfidenceInterval.ForSkmIndex(88m, RespondentScoreSummary.Of([88])));
    }

    [Fact]
    public void Welch_test_calls_a_significant_rise()
    {
        // scipy stats.ttest_ind(after, before, equal_var=False): t 2.4419301204, p 0.0328759884, df 10.9101993856.
        var before = RespondentScoreSummary.Of(ExampleScores);
        var after = RespondentScoreSummary.Of([97.5, 100, 95, 92.5, 100, 97.5, 90, 100, 95, 97.5, 92.5, 100]);

        var change = PeriodChangeTest.Compare(before, after);

        Assert.Equal(2.4419301204, change.T, Digits);
        Assert.Equal(10.9101993856, change.DegreesOfFreedom, Digits);
        Assert.Equal(0.0328759884, change.PValue, Digits);
        Assert.Equal(ChangeVerdict.SignificantRise, change.Verdict);
    }

    [Fact]
    public void Welch_test_calls_a_small_difference_no_significant_change()
    {
        // scipy: t -0.1392736914, p 0.8912622850.
        var change = PeriodChangeTest.Compare(RespondentScoreSummary.Of(ExampleScores), RespondentScoreSummary.Of([90, 85, 87.5, 92.5, 80, 95, 85, 90]));

        Assert.Equal(-0.1392736914, change.T, Digits);
        Assert.Equal(0.8912622850, change.PValue, Digits);
        Assert.Equal(ChangeVerdict.NoSignificantChange, change.Verdict);
        Assert.True(change.Difference < 0); // lower, yet not a fall
    }

    [Fact]
    public void Welch_test_calls_a_significant_fall()
    {
        // scipy: t -4.7508220897, p 0.0003050752.
        var change = PeriodChangeTest.Compare(RespondentScoreSummary.Of(ExampleScores), RespondentScoreSummary.Of([70, 75, 72.5, 65, 80, 77.5, 70, 62.5, 75, 72.5]));

        Assert.Equal(-4.7508220897, change.T, Digits);
        Assert.Equal(0.0003050752, change.PValue, Digits);
        Assert.Equal(ChangeVerdict.SignificantFall, change.Verdict);
    }

    [Fact]
    public void Welch_test_needs_two_respondents_per_period()
    {
        var change = PeriodChangeTest.Compare(RespondentScoreSummary.Of([90]), RespondentScoreSummary.Of(ExampleScores));

        Assert.Equal(ChangeVerdict.InsufficientData, change.Verdict);
    }

    [Fact]
    public void Trend_slope_and_p_value_match_scipy_linregress()
    {
        // scipy stats.linregress(range(5), [84.2, 85.1, 85.9, 87.3, 88.0]): slope 0.98, intercept 84.14, se 0.0565685425, p 0.0004191143.
        var fit = TrendSlope.Fit([84.2, 85.1, 85.9, 87.3, 88.0]);

        Assert.Equal(0.98, fit.Slope, Digits);
        Assert.Equal(84.14, fit.Intercept, Digits);
        Assert.Equal(0.0565685425, fit.StandardError, Digits);
        Assert.Equal(0.0004191143, fit.PValue, Digits);
        Assert.Equal(ChangeVerdict.SignificantRise, fit.Verdict());
    }

    [Fact]
    public void A_wobbling_trend_is_no_significant_change()
    {
        // scipy: slope -0.12, p 0.7830695422.
        var fit = TrendSlope.Fit([88.1, 86.9, 88.4, 87.2]);

        Assert.Equal(-0.12, fit.Slope, Digits);
        Assert.Equal(0.7830695422, fit.PValue, Digits);
        Assert.Equal(ChangeVerdict.NoSignificantChange, fit.Verdict());
    }

    [Fact]
    public void Two_periods_give_a_slope_but_no_p_value()
    {
        var fit = TrendSlope.Fit([80.0, 82.0]);

        Assert.Equal(2.0, fit.Slope, Digits);
        Assert.True(double.IsNaN(fit.PValue));
        Assert.Equal(ChangeVerdict.InsufficientData, fit.Verdict());
    }

    [Fact]
    public void Funnel_limits_match_normal_quantiles()
    {
        // scipy: norm.ppf(0.975) 1.9599639845, norm.ppf(0.999) 3.0902323062; mean 87.5, sd 9.0, n 50:
        // 95% [85.0053731162, 89.9946268838], 99.8% [83.5667764056, 91.4332235944].
        var limits = FunnelLimits.For(50, 87.5, 9.0);

        Assert.Equal(85.0053731162, limits.Lower95, Digits);
        Assert.Equal(89.9946268838, limits.Upper95, Digits);
        Assert.Equal(83.5667764056, limits.Lower998, Digits);
        Assert.Equal(91.4332235944, limits.Upper998, Digits);
    }

    [Theory]
    [InlineData(92.0, FunnelPosition.FarAbove)]
    [InlineData(90.5, FunnelPosition.Above)]
    [InlineData(88.0, FunnelPosition.Within)]
    [InlineData(86.0, FunnelPosition.Within)]
    [InlineData(84.0, FunnelPosition.Below)]
    [InlineData(83.0, FunnelPosition.FarBelow)]
    public void Funnel_position_says_which_side_of_the_limits_a_unit_falls(double index, FunnelPosition expected)
    {
        Assert.Equal(expected, FunnelLimits.For(50, 87.5, 9.0).Position(index));
    }

    [Fact]
    public void Funnel_narrows_as_respondents_grow()
    {
        // 90.5 is outside the 95% band at n = 50 but inside at n = 20 (87.5 + 1.96 x 9 / sqrt(20) = 91.44).
        Assert.Equal(FunnelPosition.Within, FunnelLimits.For(20, 87.5, 9.0).Position(90.5));
        Assert.Equal(FunnelPosition.Above, FunnelLimits.For(50, 87.5, 9.0).Position(90.5));
    }

    [Fact]
    public void Element_drivers_of_the_worked_example_match_numpy_and_their_quadrants()
    {
        // numpy.corrcoef(answers of element, respondent scores); U4 (everyone 4) has no correlation.
        var expected = new Dictionary<string, (double R, DriverQuadrant Quadrant)>
        {
            ["U1"] = (0.7175272984, DriverQuadrant.PossibleOverkill),
            ["U2"] = (0.6969696970, DriverQuadrant.PossibleOverkill),
            ["U3"] = (0.9134199134, DriverQuadrant.FixFirst),
            ["U5"] = (0.5938156952, DriverQuadrant.PossibleOverkill),
            ["U6"] = (0.8398082442, DriverQuadrant.KeepUp),
            ["U7"] = (0.8939393939, DriverQuadrant.KeepUp),
            ["U8"] = (0.4141414141, DriverQuadrant.LowPriority),
            ["U9"] = (0.7406182941, DriverQuadrant.FixFirst),
        };

        var drivers = ElementDrivers.Compute(WorkedExample.Respondents());

        Assert.Equal(SkmElements.Codes, drivers.Select(d => d.Code));
        var u4 = drivers.Single(d => d.Code == "U4");
        Assert.Null(u4.Correlation);
        Assert.Null(u4.Quadrant);
        Assert.Equal(4.0m, u4.Performance);
        foreach (var driver in drivers.Where(d => d.Code != "U4"))
        {
            Assert.Equal(expected[driver.Code].R, driver.Correlation!.Value, Digits);
            Assert.Equal(expected[driver.Code].Quadrant, driver.Quadrant);
        }

        Assert.Equal(3.1m, drivers.Single(d => d.Code == "U3").Performance);
    }
}
