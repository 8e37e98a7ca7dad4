using MppSurvey.Core.Surveys;
using Outcome = MppSurvey.Core.Surveys.PeriodClosing.Outcome;
using ReopenOutcome = MppSurvey.Core.Surveys.PeriodReopening.Outcome;

namespace MppSurvey.UnitTests.Surveys;

/// <summary>When closing and reopening a period are allowed: the careless paths (no confirmation, early, no reason) first.</summary>
public sealed class PeriodActionRulesTests
{
    private static readonly Period S2 = Period.Parse("2026-S2");

    [Theory]
    [InlineData("2026-12-03", true)]
    [InlineData("2026-12-31", true)]
    [InlineData("2027-01-01", false)]
    [InlineData("2026-06-30", true)]
    public void Closing_is_early_until_the_last_day_of_the_period_is_over(string today, bool early) =>
        Assert.Equal(early, PeriodClosing.IsEarly(S2, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    // The period ended: a confirmation is all it takes; a reason is optional but must be sane.
    [InlineData(false, "2027-01-02", false, false, null, Outcome.Confirm)]
    [InlineData(false, "2027-01-02", true, false, null, Outcome.Close)]
    [InlineData(false, "2027-01-02", true, false, "audit", Outcome.Close)]
    // Still running: "close early" and a reason, both explicit.
    [InlineData(false, "2026-12-03", false, true, "renovasi", Outcome.Confirm)]
    [InlineData(false, "2026-12-03", true, false, "renovasi", Outcome.EarlyNotChosen)]
    [InlineData(false, "2026-12-03", true, true, null, Outcome.ReasonRequired)]
    [InlineData(false, "2026-12-03", true, true, "renovasi", Outcome.Close)]
    // A double submit or the back button finds it closed: never a second close.
    [InlineData(true, "2026-12-03", true, true, "renovasi", Outcome.AlreadyClosed)]
    [InlineData(true, "2027-01-02", false, false, null, Outcome.AlreadyClosed)]
    public void Closing_needs_a_confirmation_and_closing_early_a_reason(bool allClosed, string today, bool confirmed, bool early, string? reason, Outcome expected) =>
        Assert.Equal(expected, PeriodClosing.Decide(allClosed, S2, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), confirmed, early, PeriodReason.Normalize(reason)));

    [Fact]
    public void An_overlong_or_control_character_reason_is_refused_even_for_a_period_that_ended()
    {
        var ended = DateOnly.Parse("2027-02-01", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Outcome.ReasonInvalid, PeriodClosing.Decide(false, S2, ended, true, true, new string('x', PeriodReason.MaxLength + 1)));
        Assert.Equal(Outcome.Close, PeriodClosing.Decide(false, S2, ended, true, true, new string('x', PeriodReason.MaxLength)));
        Assert.Equal(Outcome.ReasonInvalid, PeriodClosing.Decide(false, S2, ended, true, true, "bel\u0007"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("   \r\n\t ", null)]
    [InlineData("\u200b\u200b\u200b", null)]
    [InlineData(" \u2060\ufeff\u200c\u200d ", null)]
    [InlineData("\u200bRenovasi", "\u200bRenovasi")]
    [InlineData("  Gedung direnovasi\r\nsampai Desember ", "Gedung direnovasi\nsampai Desember")]
    public void A_reason_is_trimmed_and_a_blank_one_is_none(string? given, string? normalized) =>
        Assert.Equal(normalized, PeriodReason.Normalize(given));

    [Theory]
    [InlineData(true, true, true, "salah tutup", ReopenOutcome.Published)]
    [InlineData(false, false, true, "salah tutup", ReopenOutcome.NotClosed)]
    [InlineData(false, true, false, "salah tutup", ReopenOutcome.Confirm)]
    [InlineData(false, true, true, null, ReopenOutcome.ReasonRequired)]
    [InlineData(false, true, true, "salah tutup", ReopenOutcome.Reopen)]
    public void Reopening_only_an_unpublished_closed_period_with_confirmation_and_reason(bool published, bool allClosed, bool confirmed, string? reason, ReopenOutcome expected) =>
        Assert.Equal(expected, PeriodReopening.Decide(published, allClosed, confirmed, PeriodReason.Normalize(reason)));
}
