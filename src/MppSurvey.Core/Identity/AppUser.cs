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
}
