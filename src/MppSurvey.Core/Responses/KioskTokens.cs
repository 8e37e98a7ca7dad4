using System.Security.Cryptography;
using System.Text;
using MppSurvey.Core.Malls;

namespace MppSurvey.Core.Responses;

/// <summary>
/// A kiosk proves itself with a device token sent as `X-Kiosk-Token`. Only the SHA-256 of the
/// token is stored (lower-case hex in kiosks.token_hash), so a copy of the database cannot be
/// used to submit as a kiosk; the plain token is shown once, when the kiosk is enrolled.
/// </summary>
public static class KioskTokens
{
    public const string HeaderName = "X-Kiosk-Token";

    /// <summary>256 random bits: long enough that guessing a token is hopeless, so no lockout is needed.</summary>
    private const int TokenBytes = 32;

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Gives the kiosk a new token and returns it in plain text; the caller shows it once and
    /// cannot get it back. Enrolling again replaces the old token and lifts a revocation.
    /// </summary>
    public static string Issue(Kiosk kiosk, DateTimeOffset now)
    {
        // URL-safe base64 so the token can travel in a QR code or a provisioning link unchanged.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        kiosk.TokenHash = Hash(token);
        kiosk.EnrolledAt = now;
        kiosk.RevokedAt = null;
        return token;
    }

    public static void Revoke(Kiosk kiosk, DateTimeOffset now) => kiosk.RevokedAt = now;
}
