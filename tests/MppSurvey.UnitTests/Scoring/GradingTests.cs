using System.Globalization;
using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>docs/method.md, Rounding and grades: round half away from zero, then grade on the rounded converted value.</summary>
public class GradingTests
{
    [Theory]
    [InlineData("64.994", "64.99", Grade.D)]
    [InlineData("64.995", "65.00", Grade.C)]
    [InlineData("76.604", "76.60", Grade.C)]
    [InlineData("76.605", "76.61", Grade.B)]
    [InlineData("88.304", "88.30", Grade.B)]
    [InlineData("88.305", "88.31", Grade.A)]
    public void Grade_boundaries_apply_to_the_value_rounded_half_away_from_zero(string converted, string rounded, Grade expected)
    {
        var value = decimal.Parse(converted, CultureInfo.InvariantCulture);

        Assert.Equal(decimal.Parse(rounded, CultureInfo.InvariantCulture), Grading.Round(value));
        Assert.Equal(expected, Grading.Of(value));
    }

    [Fact]
    public void Rounding_is_half_away_from_zero_not_bankers()
    {
        Assert.Equal(87.73m, Grading.Round(87.725m)); // the default MidpointRounding.ToEven gives 87.72
    }

    [Theory]
    [InlineData(100.00, Grade.A)]
    [InlineData(88.31, Grade.A)]
    [InlineData(88.30, Grade.B)]
    [InlineData(76.61, Grade.B)]
    [InlineData(76.60, Grade.C)]
    [InlineData(65.00, Grade.C)]
    [InlineData(64.99, Grade.D)]
    [InlineData(25.00, Grade.D)]
    public void Table_bounds_of_the_regulation_hold(double converted, Grade expected)
    {
        Assert.Equal(expected, Grading.OfRounded((decimal)converted));
    }

    [Theory]
    [InlineData(Grade.A, "Sangat Baik", "Very good")]
    [InlineData(Grade.B, "Baik", "Good")]
    [InlineData(Grade.C, "Kurang Baik", "Less than good")]
    [InlineData(Grade.D, "Tidak Baik", "Not good")]
    public void Labels_come_in_Indonesian_and_English(Grade grade, string indonesian, string english)
    {
        Assert.Equal(indonesian, Grading.Label(grade, CultureInfo.GetCultureInfo("id-ID")));
        Assert.Equal(english, Grading.Label(grade, CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void Verdict_quadrant_and_funnel_labels_exist_in_both_languages()
    {
        var indonesian = CultureInfo.GetCultureInfo("id");
        var english = CultureInfo.GetCultureInfo("en");
        foreach (var verdict in Enum.GetValues<ChangeVerdict>())
        {
            Assert.NotEqual(ScoringText.Label(verdict, indonesian), ScoringText.Label(verdict, english));
        }

        foreach (var quadrant in Enum.GetValues<DriverQuadrant>())
        {
            Assert.NotEqual(ScoringText.Label(quadrant, indonesian), ScoringText.Label(quadrant, english));
        }

        foreach (var position in Enum.GetValues<FunnelPosition>())
        {
            Assert.NotEqual(ScoringText.Label(position, indonesian), ScoringText.Label(position, english));
        }

        Assert.Equal("Tidak ada perubahan signifikan", ScoringText.Label(ChangeVerdict.NoSignificantChange, indonesian));
        Assert.Equal("Significant rise", ScoringText.Label(ChangeVerdict.SignificantRise, english));
    }
}
