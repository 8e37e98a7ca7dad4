using MppSurvey.Core.Responses;

namespace MppSurvey.UnitTests.Responses;

public sealed class RecentSubmissionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_source_inside_its_cooldown_is_told_how_long_to_wait()
    {
        var recent = new RecentSubmissions(Window);
        recent.Admit("kiosk:1", T0, TimeSpan.FromSeconds(20), Window);

        var tooSoon = recent.Admit("kiosk:1", T0.AddSeconds(5), TimeSpan.FromSeconds(20), Window);
        var later = recent.Admit("kiosk:1", T0.AddSeconds(20), TimeSpan.FromSeconds(20), Window);

        Assert.False(tooSoon.Admitted);
        Assert.Equal(TimeSpan.FromSeconds(15), tooSoon.RetryAfter);
        Assert.True(later.Admitted);
    }

    [Fact]
    public void Sources_are_counted_separately()
    {
        var recent = new RecentSubmissions(Window);
        recent.Admit("kiosk:1", T0, TimeSpan.FromSeconds(20), Window);

        Assert.True(recent.Admit("kiosk:2", T0.AddSeconds(1), TimeSpan.FromSeconds(20), Window).Admitted);
    }

    [Fact]
    public void Arrivals_are_counted_within_the_window_only()
    {
        var recent = new RecentSubmissions(Window);
        recent.Admit("client:a", T0, TimeSpan.Zero, Window);
        recent.Admit("client:a", T0.AddSeconds(30), TimeSpan.Zero, Window);

        Assert.Equal(3, recent.Admit("client:a", T0.AddSeconds(60), TimeSpan.Zero, Window).InWindow);
        Assert.Equal(3, recent.Admit("client:a", T0.AddSeconds(125), TimeSpan.Zero, Window).InWindow);
    }

    [Fact]
    public void A_withdrawn_arrival_neither_starts_a_cooldown_nor_counts()
    {
        var recent = new RecentSubmissions(Window);
        recent.Admit("kiosk:1", T0, TimeSpan.FromSeconds(20), Window);
        recent.Withdraw("kiosk:1", T0);

        var next = recent.Admit("kiosk:1", T0.AddSeconds(1), TimeSpan.FromSeconds(20), Window);

        Assert.True(next.Admitted);
        Assert.Equal(1, next.InWindow);
    }

    [Fact]
    public void Parallel_submissions_of_one_kiosk_let_exactly_one_through_the_cooldown()
    {
        var recent = new RecentSubmissions(Window);

        var admitted = Enumerable.Range(0, 64).AsParallel()
            .Count(i => recent.Admit("kiosk:1", T0.AddMilliseconds(i), TimeSpan.FromSeconds(20), Window).Admitted);

        Assert.Equal(1, admitted);
    }
}
