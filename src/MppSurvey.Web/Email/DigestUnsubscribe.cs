using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MppSurvey.Web.Email;

/// <summary>
/// The token of the digest's unsubscribe link (notices): the user's id, signed and encrypted with the
/// app's data-protection keys (shared by every node, PostgreSQL), valid for <see cref="Lifetime"/>. It
/// needs no sign-in and can do one thing only: turn the weekly digest off for that user. A forged,
/// altered or expired token reads as null.
/// </summary>
public sealed class DigestUnsubscribe(IDataProtectionProvider provider)
{
    /// <summary>Long enough for a digest read weeks later; the account page works after that.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    // The purpose string keeps these tokens apart from every other use of the keys (cookies, antiforgery, resets).
    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("MppSurvey.WeeklyDigest.Unsubscribe.v1").ToTimeLimitedDataProtector();

    public string Token(string userId) => _protector.Protect(userId, Lifetime);

    /// <summary>A token with an expiry of the caller's choice (tests make an expired one with it).</summary>
    public string Token(string userId, DateTimeOffset expires) => _protector.Protect(userId, expires);

    /// <returns>The user's id, or null when the token is missing, forged, altered or expired.</returns>
    public string? UserIdOf(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(token.Trim(), out _);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
