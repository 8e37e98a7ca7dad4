using Microsoft.Extensions.Logging;

namespace MppSurvey.Core.Identity;

/// <summary>
/// Sign-in events for the IT office (capability: accounts and sessions), event ids 4000-4099. An account
/// is named by its user id only. What was typed into the e-mail field is never logged: it is a staff
/// member's address (personal data), or a mistyped one, or, often enough, a password typed into the
/// wrong field; an attempt for an address without an account is logged as "(unknown account)".
/// The password is never logged. The form itself still shows one message for every failure.
/// </summary>
public static partial class SignInLog
{
    public const string UnknownUser = "(unknown account)";
    public const string UnknownAccount = "unknown_account";
    public const string WrongPassword = "wrong_password";
    public const string LockedOut = "locked_out";
    /// <summary>Invited, but the invitation was not accepted yet: no password to check.</summary>
    public const string NotActivated = "not_activated";
    /// <summary>Disabled by an administrator, or otherwise refused by Identity's checks.</summary>
    public const string NotAllowed = "not_allowed";

    [LoggerMessage(EventId = 4000, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "Sign-in refused for user {UserId}: {Reason}")]
    public static partial void Failed(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 4001, EventName = "SignInLockout", Level = LogLevel.Warning,
        Message = "User {UserId} locked out for {LockoutMinutes} minutes after {Attempts} failed sign-ins")]
    public static partial void LockoutStarted(ILogger logger, string userId, int attempts, int lockoutMinutes);

    [LoggerMessage(EventId = 4002, EventName = "SignedIn", Level = LogLevel.Information,
        Message = "User {UserId} signed in")]
    public static partial void SignedIn(ILogger logger, string userId);
}
