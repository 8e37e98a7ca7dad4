using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;

namespace MppSurvey.UnitTests.Malls;

public sealed class MallTimeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 6, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(IndonesianTimeZone.Wib, "2026-12-03 13:05 WIB")]
    [InlineData(IndonesianTimeZone.Wita, "2026-12-03 14:05 WITA")]
    [InlineData(IndonesianTimeZone.Wit, "2026-12-03 15:05 WIT")]
    // A mall stored without a zone is shown in WIB rather than in UTC.
    [InlineData((IndonesianTimeZone)0, "2026-12-03 13:05 WIB")]
    public void A_time_is_shown_in_the_malls_own_zone_and_names_it(IndonesianTimeZone zone, string shown) =>
        Assert.Equal(shown, MallTime.Format(At, zone));

    [Fact]
    public void The_malls_date_turns_at_its_own_midnight()
    {
        // 16:30 UTC on 31 December is 23:30 WIB but already 1 January in WITA and WIT.
        var evening = new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 12, 31), MallTime.Today(new Mall { RegencyCode = "35.17", Name = "J", TimeZone = IndonesianTimeZone.Wib }, evening));
        Assert.Equal(new DateOnly(2027, 1, 1), MallTime.Today(new Mall { RegencyCode = "73.71", Name = "M", TimeZone = IndonesianTimeZone.Wita }, evening));
    }
}
