using Microsoft.AspNetCore.Identity;

namespace MppSurvey.Core.Identity;

public static class Roles
{
    public const string Administrator = "Administrator";
    /// <summary>A ministry deputy: reads all regions.</summary>
    public const string Ministry = "Ministry";
    /// <summary>A bupati or wali kota: one regency.</summary>
    public const string RegionalHead = "RegionalHead";
    /// <summary>The administrator of one MPP.</summary>
    public const string MppAdmin = "MppAdmin";

    public static readonly string[] All = [Administrator, Ministry, RegionalHead, MppAdmin];
}

/// <summary>Claims that limit what a user sees; issued at login from the user's scope.</summary>
public static class ScopeClaims
{
    public const string Regency = "mpp:regency";
    public const string Mall = "mpp:mall";
}

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>For a RegionalHead: the regency they govern. For an MppAdmin: their MPP's regency.</summary>
    public string? RegencyCode { get; set; }
    /// <summary>For an MppAdmin: the MPP they administer.</summary>
    public int? MallId { get; set; }
    /// <summary>Set for an invited user until they choose a password (e-mail of whoever invited them).</summary>
    public string? InvitedBy { get; set; }
    public DateTimeOffset? InvitedAt { get; set; }
    /// <summary>
    /// The language of the e-mails this user receives ("id" or "en"): chosen by the inviter, then set
    /// to the language the user chose a password in (the link in an English mail opens the page in English).
    /// </summary>
    public string PreferredCulture { get; set; } = MailCultures.Indonesian;
    /// <summary>When the last password-reset mail was sent: at most one per address per <see cref="MailCultures.ResetMailInterval"/>.</summary>
    public DateTimeOffset? PasswordResetMailedAt { get; set; }
    /// <summary>
    /// Whether a regional head or MPP admin receives the weekly digest (notices): on unless the user
    /// turned it off on their account page or with the digest's unsubscribe link.
    /// </summary>
    public bool WeeklyDigest { get; set; } = true;
}

/// <summary>The languages an e-mail can be written in (capability: e-mail), as stored in <see cref="AppUser.PreferredCulture"/>.</summary>
public static class MailCultures
{
    public const string Indonesian = "id";
    public const string English = "en";
    public static readonly string[] All = [Indonesian, English];

    /// <summary>Anything else (a forged form value) is Indonesian, the default language.</summary>
    public static string Normalize(string? culture) =>
        string.Equals(culture, English, StringComparison.OrdinalIgnoreCase) ? English : Indonesian;

    /// <summary>
    /// Least time between two password-reset mails to one address, whoever asks: a stranger who knows
    /// the address cannot fill its mailbox, and a double submit sends one mail.
    /// </summary>
    public static readonly TimeSpan ResetMailInterval = TimeSpan.FromMinutes(5);
}
