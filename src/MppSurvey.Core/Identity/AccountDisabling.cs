namespace MppSurvey.Core.Identity;

/// <summary>
/// A disabled account is one locked out until a date no one will reach. Identity already refuses a
/// locked-out sign-in before looking at the password, so disabling needs no column of its own, and
/// the far date tells a disabled account apart from the 15-minute lockout after wrong passwords.
/// </summary>
public static class AccountDisabling
{
    public static readonly DateTimeOffset Until = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end >= Until;
}
