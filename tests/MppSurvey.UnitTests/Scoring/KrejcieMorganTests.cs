using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>docs/method.md, Sample size: the Krejcie &amp; Morgan table, next larger row between rows, 384 beyond 100,000.</summary>
public class KrejcieMorganTests
{
    [Theory]
    [InlineData(10, 10)]
    [InlineData(50, 44)]
    [InlineData(100, 80)]
    [InlineData(200, 132)]
    [InlineData(300, 169)]
    [InlineData(500, 217)]
    [InlineData(650, 242)]
    [InlineData(1000, 278)]
    [InlineData(2000, 322)]
    [InlineData(5000, 357)]
    [InlineData(10000, 370)]
    [InlineData(20000, 377)]
    [InlineData(50000, 381)]
    [InlineData(100000, 384)]
    public void Rows_listed_in_the_method_document_match(long population, long sample)
    {
        Assert.Equal(sample, KrejcieMorgan.RequiredSample(population));
    }

    [Theory]
    [InlineData(101, 86)] // between 100 and 110: the 110 row
    [InlineData(201, 136)] // the 210 row
    [InlineData(651, 248)] // the 700 row
    [InlineData(1001, 285)] // the 1100 row
    [InlineData(75001, 384)] // the 100,000 row
    public void Between_rows_the_next_larger_row_applies(long population, long sample)
    {
        Assert.Equal(sample, KrejcieMorgan.RequiredSample(population));
    }

    [Theory]
    [InlineData(100001)]
    [InlineData(5000000)]
    public void Beyond_100000_the_sample_is_384(long population)
    {
        Assert.Equal(384, KrejcieMorgan.RequiredSample(population));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(12, 12)] // the 15 row asks 14, more than the 12 users there are
    public void A_sample_never_exceeds_the_population(long population, long sample)
    {
        Assert.Equal(sample, KrejcieMorgan.RequiredSample(population));
    }

    [Fact]
    public void Table_is_the_published_formula_rounded_except_at_100000()
    {
        // §4: S = 3.841 N 0.25 / (0.0025 (N - 1) + 3.841 x 0.25), rounded; the 100,000 row says 384 where the formula gives 382.63.
        foreach (var (population, sample) in KrejcieMorgan.Rows.Where(r => r.Population != 100000))
        {
            var formula = 3.841m * population * 0.25m / (0.0025m * (population - 1) + 3.841m * 0.25m);
            Assert.Equal(Math.Round(formula, MidpointRounding.AwayFromZero), sample);
        }
    }

    [Fact]
    public void A_unit_below_its_target_is_flagged_with_its_shortfall()
    {
        var shortSample = KrejcieMorgan.Check(population: 1000, respondents: 250);
        var enough = KrejcieMorgan.Check(population: 1000, respondents: 278);

        Assert.False(shortSample.IsSufficient);
        Assert.Equal(278, shortSample.Required);
        Assert.Equal(28, shortSample.Shortfall);
        Assert.True(enough.IsSufficient);
        Assert.Equal(0, enough.Shortfall);
    }
}
