using MppSurvey.Core.Email;
using MppSurvey.Core.Regions;

namespace MppSurvey.UnitTests.Themes;

/// <summary>The digest's week (notices): Monday to Sunday before the run, on the MPP's own clock.</summary>
public sealed class WeeklyDigestWeekTests
{
    [Theory]
    // Monday 07:00 WIB (00:00 UTC), the default run: the week of 23-29 November 2026, in every zone.
    [InlineData("2026-11-30T00:00:00Z", IndonesianTimeZone.Wib, "2026-11-23")]
    [InlineData("2026-11-30T00:00:00Z", IndonesianTimeZone.Wit, "2026-11-23")]
    // A retry on Wednesday reports the same week.
    [InlineData("2026-12-02T09:00:00Z", IndonesianTimeZone.Wib, "2026-11-23")]
    // Sunday 23:30 WIB is still the week under way: the week before it is reported.
    [InlineData("2026-11-29T16:30:00Z", IndonesianTimeZone.Wib, "2026-11-16")]
    // The same instant is already Monday 01:30 WIT in Papua: that MPP's week of 23-29 November has ended.
    [InlineData("2026-11-29T16:30:00Z", IndonesianTimeZone.Wit, "2026-11-23")]
    // A week across the turn of the year.
    [InlineData("2027-01-04T00:00:00Z", IndonesianTimeZone.Wita, "2026-12-28")]
    public void The_reported_week_is_the_last_whole_week_on_the_MPPs_clock(string now, IndonesianTimeZone zone, string monday)
    {
        var week = WeeklyDigest.ReportingWeek(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), week);
        Assert.Equal(DayOfWeek.Monday, week.DayOfWeek);
    }

    [Fact]
    public void A_quoted_alert_is_masked_on_one_line_and_cut_short()
    {
        Assert.Equal("minta uang [disamarkan] di loket 3", WeeklyDigest.Quote("minta uang\n0812-3456-7890\r\n  di loket 3"));
        var quote = WeeklyDigest.Quote(new string('a', 400));
        Assert.Equal(WeeklyDigest.QuoteLength, quote.Length);
        Assert.EndsWith("…", quote, StringComparison.Ordinal);
    }
}
