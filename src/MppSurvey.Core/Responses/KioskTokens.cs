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

    /// <summary>Revoking stops the device token at once and cancels a code not yet typed in.</summary>
    public static void Revoke(Kiosk kiosk, DateTimeOffset now)
    {
        kiosk.RevokedAt = now;
        kiosk.EnrolmentCodeHash = null;
        kiosk.EnrolmentCodeExpiresAt = null;
    }

    /// <summary>How long an enrolment code can be typed in: enough to walk to the tablet, short enough that a leaked code is useless.</summary>
    public static readonly TimeSpan EnrolmentCodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>No 0/O, 1/I/L: the code is read off one screen and typed on another.</summary>
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>
    /// A one-time code for enrolling the tablet itself: the admin reads it off their screen and types
    /// it into /kios on the tablet, which swaps it for a device token (<see cref="Redeem"/>). Eight
    /// symbols of 31 are about 40 bits, which within its 15 minutes cannot be guessed online.
    /// Only the hash is stored; the kiosk's current token keeps working until the code is redeemed.
    /// </summary>
    public static string IssueEnrolmentCode(Kiosk kiosk, DateTimeOffset now)
    {
        var symbols = new char[8];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }
        var code = new string(symbols);
        kiosk.EnrolmentCodeHash = Hash(code);
        kiosk.EnrolmentCodeExpiresAt = now + EnrolmentCodeLifetime;
        return code[..4] + "-" + code[4..];
    }

    /// <summary>What a person may type for a code: any case, spaces or dashes in between.</summary>
    public static string NormalizeCode(string? typed) =>
        new((typed ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>The hash to look a typed code up by; null when it cannot be a code at all.</summary>
    public static string? CodeHash(string? typed) => NormalizeCode(typed) is { Length: 8 } code ? Hash(code) : null;

    /// <summary>Swaps a valid, unexpired code for a device token; the code cannot be used again.</summary>
    public static string? Redeem(Kiosk kiosk, DateTimeOffset now)
    {
        if (kiosk.EnrolmentCodeHash is null || kiosk.EnrolmentCodeExpiresAt is not DateTimeOffset expires || expires <= now)
        {
            return null;
        }
        kiosk.EnrolmentCodeHash = null;
        kiosk.EnrolmentCodeExpiresAt = null;
        return Issue(kiosk, now);
    }
}
