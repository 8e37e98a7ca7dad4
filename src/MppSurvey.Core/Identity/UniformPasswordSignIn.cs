using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MppSurvey.Core.Identity;

/// <summary>
/// Sign-in by e-mail and password that tells nobody which e-mails have accounts (capability:
/// accounts and sessions). Identity answers an unknown e-mail, a locked or disabled account and an
/// account without a password (an invitation not yet accepted) without hashing anything, in a few
/// milliseconds, against the ~80 ms of a wrong password: the difference names the accounts. Here every
/// attempt verifies exactly one password hash, a stand-in hash when there is no real one to check,
/// and every failure is one outcome, so the form shows one message for all of them. The log, which only
/// the IT office reads, does tell them apart (<see cref="SignInLog"/>), by user id, never by the typed e-mail.
/// </summary>
public sealed class UniformPasswordSignIn(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, ILogger<UniformPasswordSignIn>? logger = null)
{
    private readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>
    /// Made once per process by the app's own hasher, so it costs what a real user's hash costs
    /// (same algorithm and iteration count). Its password is random and never kept: nothing matches it.
    /// </summary>
    private static string? _standIn;

    public async Task<bool> SignInAsync(string email, string password, bool remember)
    {
        var standIn = _standIn ??= hasher.HashPassword(new AppUser(), RandomNumberGenerator.GetHexString(32));
        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email);
        var refusal = user is null ? SignInLog.UnknownAccount
            : user.PasswordHash is null ? SignInLog.NotActivated
            : await users.IsLockedOutAsync(user) ? SignInLog.LockedOut
            : !await signIn.CanSignInAsync(user) ? SignInLog.NotAllowed
            : null;
        if (refusal is not null)
        {
            // The work of a real check, and the same failure. A locked account counts no further failures,
            // as with Identity, so guessing on cannot move its lockout; a disabled one is locked for good.
            hasher.VerifyHashedPassword(user ?? new AppUser(), standIn, password);
            SignInLog.Failed(_log, user?.Id ?? SignInLog.UnknownUser, refusal);
            return false;
        }
        // One hash, the failure count, and after five failures the 15-minute lockout (IdentityHosting).
        var result = await signIn.PasswordSignInAsync(user!, password, remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            SignInLog.SignedIn(_log, user!.Id);
        }
        else if (result.IsLockedOut)
        {
            // It was not locked above: this failure was the one that locked it.
            SignInLog.Failed(_log, user!.Id, SignInLog.WrongPassword);
            SignInLog.LockoutStarted(_log, user.Id, signIn.Options.Lockout.MaxFailedAccessAttempts, (int)signIn.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes);
        }
        else
        {
            SignInLog.Failed(_log, user!.Id, result.IsNotAllowed ? SignInLog.NotAllowed : SignInLog.WrongPassword);
        }
        return result.Succeeded;
    }
}
