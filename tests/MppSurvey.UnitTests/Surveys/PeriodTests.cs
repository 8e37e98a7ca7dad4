using MppSurvey.Core.Surveys;

namespace MppSurvey.UnitTests.Surveys;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2025-S1", PeriodKind.Semester, "2025-01-01", "2025-06-30")]
    [InlineData("2025-S2", PeriodKind.Semester, "2025-07-01", "2025-12-31")]
    [InlineData("2025-Q3", PeriodKind.Quarter, "2025-07-01", "2025-09-30")]
    [InlineData("2024-Q1", PeriodKind.Quarter, "2024-01-01", "2024-03-31")]
    [InlineData("2025", PeriodKind.Year, "2025-01-01", "2025-12-31")]
    public void Period_codes_cover_their_months(string code, PeriodKind kind, string start, string end)
    {
        var period = Period.Parse(code);

        Assert.Equal(kind, period.Kind);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.StartsOn);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.EndsOn);
    }

    [Theory]
    [InlineData("2025-S3")]
    [InlineData("2025-Q5")]
    [InlineData("2025-Q0")]
    [InlineData("25-S1")]
    [InlineData("2025-s1")]
    [InlineData("")]
    [InlineData("20\u0662\u0666-S1")]
    [InlineData("2026-S\u0968")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16")]
    [InlineData("2026\n")]
    public void Malformed_period_codes_are_refused(string code) =>
        Assert.False(Period.TryParse(code, out _));

    [Fact]
    public void The_semester_of_a_date_and_the_one_before_it()
    {
        var s2 = Period.Containing(new DateOnly(2025, 7, 1), PeriodKind.Semester);

        Assert.Equal("2025-S2", s2.Code);
        Assert.Equal("2025-S1", s2.Previous().Code);
        Assert.Equal("2024-S2", s2.Previous().Previous().Code);
        Assert.Equal("2025-Q2", Period.Containing(new DateOnly(2025, 6, 30), PeriodKind.Quarter).Code);
        Assert.Equal("2024", Period.Containing(new DateOnly(2025, 1, 1), PeriodKind.Year).Previous().Code);
    }
}
