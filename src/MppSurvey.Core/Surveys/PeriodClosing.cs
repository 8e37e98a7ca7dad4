namespace MppSurvey.Core.Surveys;

/// <summary>
/// When an MPP may close a period. Closing freezes the figure (later responses only count as a late
/// amendment), so it is never a single click: the request must carry an explicit confirmation,
/// and closing while the period is still running (the MPP's local date is on or before its last
/// day) needs an explicit "close early" with a reason, which goes into the audit log.
/// </summary>
public static class PeriodClosing
{
    public enum Outcome
    {
        /// <summary>Close now.</summary>
        Close,
        /// <summary>Every survey of the period is closed already (a double submit, or the back button).</summary>
        AlreadyClosed,
        /// <summary>Not confirmed yet: show what closing does, change nothing.</summary>
        Confirm,
        /// <summary>The period still runs and "close early" was not chosen.</summary>
        EarlyNotChosen,
        /// <summary>Closing early without a reason.</summary>
        ReasonRequired,
        /// <summary>A reason that is too long or holds control characters.</summary>
        ReasonInvalid,
    }

    /// <summary>Whether closing on <paramref name="localToday"/> (the MPP's own date) ends the period before its last day is over.</summary>
    public static bool IsEarly(Period period, DateOnly localToday) => localToday <= period.EndsOn;

    /// <param name="reason">Already normalised by <see cref="PeriodReason.Normalize"/>.</param>
    public static Outcome Decide(bool allClosed, Period period, DateOnly localToday, bool confirmed, bool early, string? reason)
    {
        if (allClosed)
        {
            return Outcome.AlreadyClosed;
        }
        if (!confirmed)
        {
            return Outcome.Confirm;
        }
        if (IsEarly(period, localToday))
        {
            if (!early)
            {
                return Outcome.EarlyNotChosen;
            }
            if (reason is null)
            {
                return Outcome.ReasonRequired;
            }
        }
        return reason is null || PeriodReason.IsValid(reason) ? Outcome.Close : Outcome.ReasonInvalid;
    }
}

/// <summary>The free-text reason for closing early or reopening: one or more lines, kept in the audit log.</summary>
public static class PeriodReason
{
    public const int MaxLength = 500;

    /// <summary>Trimmed, with Windows line ends made plain; null when nothing visible was given (white space or zero-width characters only).</summary>
    public static string? Normalize(string? reason)
    {
        var trimmed = reason?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return VisibleText.IsBlank(trimmed) ? null : trimmed;
    }

    public static bool IsValid(string reason) =>
        reason.Length is > 0 and <= MaxLength && !reason.Any(c => char.IsControl(c) && c is not '\n' and not '\t');
}
