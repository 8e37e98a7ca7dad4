using MppSurvey.Core.Responses;

namespace MppSurvey.UnitTests.Responses;

public sealed class ResponseFlaggingTests
{
    private static readonly FlaggingRules Rules = new();
    private static readonly DateTimeOffset Submitted = new(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(7));

    private static short?[] Answers(params int?[] values) => values.Select(v => (short?)v).ToArray();

    [Fact]
    public void Nine_identical_answers_in_four_seconds_are_straight_lining()
    {
        Assert.True(ResponseFlagging.IsStraightLining(Answers(4, 4, 4, 4, 4, 4, 4, 4, 4), Submitted.AddSeconds(-4), Submitted, Rules));
    }

    [Fact]
    public void Nine_identical_answers_at_a_reading_pace_are_an_opinion()
    {
        Assert.False(ResponseFlagging.IsStraightLining(Answers(4, 4, 4, 4, 4, 4, 4, 4, 4), Submitted.AddSeconds(-60), Submitted, Rules));
    }

    [Fact]
    public void Exactly_the_time_limit_is_no_longer_too_fast()
    {
        Assert.False(ResponseFlagging.IsStraightLining(Answers(1, 1, 1, 1, 1), Submitted.AddSeconds(-10), Submitted, Rules));
        Assert.True(ResponseFlagging.IsStraightLining(Answers(1, 1, 1, 1, 1), Submitted.AddSeconds(-9.9), Submitted, Rules));
    }

    [Fact]
    public void Without_a_start_time_speed_cannot_be_judged_so_nothing_is_flagged()
    {
        Assert.False(ResponseFlagging.IsStraightLining(Answers(4, 4, 4, 4, 4, 4, 4, 4, 4), null, Submitted, Rules));
    }

    [Fact]
    public void One_different_answer_is_not_straight_lining()
    {
        Assert.False(ResponseFlagging.IsStraightLining(Answers(4, 4, 4, 4, 3, 4, 4, 4, 4), Submitted.AddSeconds(-3), Submitted, Rules));
    }

    [Fact]
    public void Blank_answers_are_ignored_and_at_least_five_answered_are_needed()
    {
        Assert.True(ResponseFlagging.IsStraightLining(Answers(2, null, 2, 2, null, 2, 2, null, null), Submitted.AddSeconds(-3), Submitted, Rules));
        Assert.False(ResponseFlagging.IsStraightLining(Answers(2, null, 2, 2, null, 2, null, null, null), Submitted.AddSeconds(-3), Submitted, Rules));
    }

    [Fact]
    public void The_thresholds_come_from_the_rules()
    {
        var strict = new FlaggingRules { StraightLiningMinAnswers = 3, StraightLiningMaxSeconds = 30 };

        Assert.True(ResponseFlagging.IsStraightLining(Answers(3, 3, 3), Submitted.AddSeconds(-20), Submitted, strict));
    }

    [Theory]
    [InlineData(5, 5, false)]
    [InlineData(6, 5, true)]
    [InlineData(1, 0, false)]
    [InlineData(100, 0, false)]
    public void A_burst_is_more_arrivals_in_the_window_than_the_limit_and_a_limit_of_zero_is_off(int inWindow, int max, bool burst)
    {
        Assert.Equal(burst, ResponseFlagging.IsBurst(inWindow, max));
    }
}
