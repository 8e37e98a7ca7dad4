using System.Security.Claims;
using MppSurvey.Core.Identity;

namespace MppSurvey.Core.Surveys;

/// <summary>
/// Reopening a closed period: for a period closed by mistake or too early. Only the Ministry and
/// Administrators may (an MPP admin cannot undo their own freeze unseen), only while the period is
/// unpublished (a published figure is a public statement and never moves), after an explicit
/// confirmation and with a reason for the audit log.
/// </summary>
public static class PeriodReopening
{
    public enum Outcome
    {
        Reopen,
        /// <summary>Some survey of the period is still open (or it was reopened already: a double submit).</summary>
        NotClosed,
        /// <summary>The period was published: reopening would move a public figure.</summary>
        Published,
        Confirm,
        ReasonRequired,
        ReasonInvalid,
    }

    public static bool MayReopen(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Ministry);

    /// <param name="reason">Already normalised by <see cref="PeriodReason.Normalize"/>.</param>
    public static Outcome Decide(bool anyPublished, bool allClosed, bool confirmed, string? reason)
    {
        if (anyPublished)
        {
            return Outcome.Published;
        }
        if (!allClosed)
        {
            return Outcome.NotClosed;
        }
        if (!confirmed)
        {
            return Outcome.Confirm;
        }
        if (reason is null)
        {
            return Outcome.ReasonRequired;
        }
        return PeriodReason.IsValid(reason) ? Outcome.Reopen : Outcome.ReasonInvalid;
    }
}
