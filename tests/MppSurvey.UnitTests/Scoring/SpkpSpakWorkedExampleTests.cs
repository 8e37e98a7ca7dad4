using System.Globalization;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>
/// docs/method.md, Other templates (SPKP, SPAK), worked example: six respondents on the 1-6 scale,
/// one blank each, scored the way the index job scores them (mean of indicator means, delta-method
/// standard error, Student t with n - 1 = 5 degrees of freedom), every figure worked by hand.
/// </summary>
public class SpkpSpakWorkedExampleTests
{
    public static readonly string[] SpakCodes = ["A1", "A2", "A3", "A4", "A5"];
    public static readonly string[] SpkpCodes = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"];

    /// <summary>The SPAK example of docs/method.md (R5 leaves A3 blank).</summary>
    public static readonly int?[][] Spak =
    [
        [6, 6, 5, 6, 6],
        [5, 5, 5, 6, 5],
        [4, 5, 4, 5, 4],
        [6, 6, 6, 6, 6],
        [5, 4, null, 5, 5],
        [3, 4, 4, 5, 4],
    ];

    /// <summary>The SPKP example of docs/method.md (R4 leaves P7 blank).</summary>
    public static readonly int?[][] Spkp =
    [
        [5, 5, 4, 5, 6, 5, 4, 5],
        [6, 6, 5, 6, 6, 6, 5, 6],
        [4, 4, 3, 4, 5, 4, 3, 4],
        [5, 6, 5, 5, 6, 5, null, 5],
        [3, 4, 3, 4, 4, 4, 3, 4],
        [5, 5, 4, 5, 6, 5, 4, 5],
    ];

    private static (ScaleIndex Index, ConfidenceInterval Ci) Score(int?[][] rows, string[] codes)
    {
        var respondents = rows.Select(r => new Respondent(codes.Zip(r).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!.Value))).ToList();
        var scale = new ScoreScale(1, 6);
        var index = IndexCalculator.OnScale(respondents, codes, scale);
        var tallies = index.Indicators.Select(i => new ElementTally(i.Code, i.Answered, i.Sum)).ToList();
        var pairs = ElementPairMoments.Of(respondents.Select(r => r.Answers), codes);
        // The job's rule: the standard error of the mean of means, times 100 / (max - min) onto the 0-100 scale.
        var se = IndexUncertainty.StandardError(tallies, pairs, respondents.Count)!.Value * 20;
        var ci = ConfidenceInterval.FromStandardError((double)index.Rescaled, se, respondents.Count, 0, 100)!;
        return (index, ci);
    }

    [Fact]
    public void Spak_index_is_the_mean_of_indicator_means_with_the_blank_left_out()
    {
        // A1 29/6, A2 30/6 = 5, A3 24/5 = 4.8 (R5 blank: five answers), A4 33/6 = 5.5, A5 30/6 = 5.
        // Index = (29/6 + 5 + 4.8 + 5.5 + 5) / 5 = 377/75 = 5.02666… -> 5.03 of 6; rescaled 100 x 4.02666… / 5 = 80.5333… -> 80.53.
        var (index, ci) = Score(Spak, SpakCodes);

        Assert.Equal(new long[] { 6, 6, 5, 6, 6 }, index.Indicators.Select(i => i.Answered));
        Assert.Equal(new long[] { 29, 30, 24, 33, 30 }, index.Indicators.Select(i => i.Sum));
        Assert.Equal(5.03m, OtherIndices.Round(index.Index));
        Assert.Equal(80.53m, index.RescaledRounded);
        // The pooled mean of all 29 answers (146/29 = 5.03448…) is the "common bug": it weights A3 less.
        Assert.NotEqual(Math.Round(146m / 29, 4), Math.Round(index.Index, 4));
        Assert.Equal(5.0267m, Math.Round(index.Index, 4));
        // Influence values Σj (xij − x̄j)/nj: 0.6511, 0.1511, −0.5489, 0.8511, −0.2222, −0.8822; their squares sum
        // to 2.2083…; SE on the scale = sqrt(2.2083 x 6/5) / 5 = 0.33228, x 20 = 6.6455 on 0-100; t(5) = 2.5706.
        Assert.Equal(63.45, ci.Low, 2);
        Assert.Equal(97.62, ci.High, 2);
        // Back on the scale: 1 + v x 5 / 100.
        Assert.Equal(4.17, OtherIndices.ToScale(ci.Low, 1, 6), 2);
        Assert.Equal(5.88, OtherIndices.ToScale(ci.High, 1, 6), 2);
    }

    [Fact]
    public void Spkp_index_is_the_mean_of_indicator_means_with_the_blank_left_out()
    {
        // P1 28/6, P2 30/6, P3 24/6, P4 29/6, P5 33/6, P6 29/6, P7 19/5 (R4 blank), P8 29/6.
        // Index = 281/60 = 4.68333… -> 4.68 of 6; rescaled 73.6666… -> 73.67.
        var (index, ci) = Score(Spkp, SpkpCodes);

        Assert.Equal(new long[] { 28, 30, 24, 29, 33, 29, 19, 29 }, index.Indicators.Select(i => i.Sum));
        Assert.Equal(5, index.Indicators.Single(i => i.Code == "P7").Answered);
        Assert.Equal(4.68m, OtherIndices.Round(index.Index));
        Assert.Equal(73.67m, index.RescaledRounded);
        // SE on the scale 0.33179 (x 20 = 6.6358); 73.6667 ± 2.5706 x 6.6358.
        Assert.Equal(56.61, ci.Low, 2);
        Assert.Equal(90.72, ci.High, 2);
        Assert.Equal(3.83, OtherIndices.ToScale(ci.Low, 1, 6), 2);
        Assert.Equal(5.54, OtherIndices.ToScale(ci.High, 1, 6), 2);
    }

    [Fact]
    public void Stored_results_are_shown_on_the_scale_with_the_change_and_the_indicators_weakest_first()
    {
        var before = Stored("2025-S2", 4.5m, 70m, 60, 80, ["P1", "P2"], [10, 10], [45, 45]);
        var current = Stored("2026-S1", 4.68333m, 73.67m, 56.6087, 90.7247, ["P1", "P2", "P3"], [6, 6, 0], [28, 24, 0]);

        var t = OtherIndices.Build(current, [before, current], 1, 6, null, CultureInfo.GetCultureInfo("id-ID"));

        Assert.Equal(4.68m, t.Current.Index);
        Assert.Equal(73.67m, t.Current.Rescaled);
        Assert.Equal(3.83, t.Current.CiLow!.Value, 2);
        Assert.Equal(5.54, t.Current.CiHigh!.Value, 2);
        Assert.Equal(4.68m - 4.50m, t.Current.Change);
        Assert.Equal(["2025-S2", "2026-S1"], t.Trend.Select(f => f.PeriodCode));
        Assert.Null(t.Trend[0].Change);
        // P2 24/6 = 4.00 before P1 28/6 = 4.67; P3 (nobody answered) last.
        Assert.Equal(["P2", "P1", "P3"], t.Indicators.Select(i => i.Code));
        Assert.Equal(new decimal?[] { 4.00m, 4.67m, null }, t.Indicators.Select(i => i.Mean));
        Assert.Equal("4,68", OtherIndices.Format(t.Current.Index, CultureInfo.GetCultureInfo("id-ID")));

        // A previous period the surface may not show (unpublished) gives no change.
        var hidden = OtherIndices.Build(current, [before, current], 1, 6, null, CultureInfo.InvariantCulture, _ => false);
        Assert.Null(hidden.Current.Change);
        Assert.Null(hidden.Current.ChangeVerdict);
    }

    private static IndexResult Stored(string period, decimal ikm, decimal converted, double low, double high, string[] codes, int[] answered, long[] sums) => new()
    {
        PeriodCode = period,
        TemplateCode = "spkp",
        UnitKind = UnitKind.Mall,
        UnitKey = "35.17",
        ElementCodes = codes,
        ElementAnswered = answered,
        ElementSums = sums,
        Ikm = ikm,
        Converted = converted,
        Grade = "",
        CiLow = low,
        CiHigh = high,
        Respondents = 6,
        ChangeVerdict = "NoSignificantChange",
    };
}
