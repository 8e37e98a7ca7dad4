using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Malls;

namespace MppSurvey.Core.Invitations;

/// <summary>
/// A key an MPP's online service (MPP Digital) uses to ask for survey invitation links (digital
/// invitations). Only the SHA-256 of the secret is kept, with a short prefix so the admin can tell
/// keys apart; the secret is shown once, when the key is made. Revoking stops it at once.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 80;

    public int Id { get; set; }
    public int MallId { get; init; }
    public required string Name { get; init; }
    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string KeyHash { get; init; }
    /// <summary>The secret's first characters ("mppk_AbCd"), shown in the list; too short to use.</summary>
    public required string Prefix { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The creating user's e-mail, kept as text so it outlives the account.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>Updated at most once a minute, so a busy caller does not write on every call.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

public static class ApiKeySecrets
{
    /// <summary>Marks the secret as this app's in a config file or a leaked-secret scan.</summary>
    public const string Marker = "mppk_";
    /// <summary>256 random bits: guessing is hopeless, so no lockout is needed.</summary>
    private const int SecretBytes = 32;
    private const int PrefixLength = 9;

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new secret and its key row (not yet added); the caller shows the secret once.</summary>
    public static (ApiKey Key, string Secret) Issue(int mallId, string name, string createdBy, DateTimeOffset now)
    {
        var secret = Marker + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return (new ApiKey
        {
            MallId = mallId,
            Name = name,
            KeyHash = Hash(secret),
            Prefix = secret[..PrefixLength],
            CreatedAt = now,
            CreatedBy = createdBy,
        }, secret);
    }

    /// <summary>URL-safe base64 without padding: travels in a header, a URL or a QR code unchanged.</summary>
    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.HasOne<Mall>().WithMany().HasForeignKey(k => k.MallId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(k => k.KeyHash).IsUnique();
        // Two live keys of one MPP never share a name: a double click on "create" makes one key, not two.
        e.HasIndex(k => new { k.MallId, k.Name }).IsUnique().HasFilter("revoked_at IS NULL");
        e.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        e.Property(k => k.KeyHash).HasMaxLength(64);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.CreatedBy).HasMaxLength(256);
        e.Property(k => k.RevokedBy).HasMaxLength(256);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_api_keys_key_hash", "key_hash ~ '^[0-9a-f]{64}$'");
            t.HasCheckConstraint("ck_api_keys_name", "btrim(name) <> ''");
            t.HasCheckConstraint("ck_api_keys_prefix", "prefix LIKE 'mppk\\_%' AND length(prefix) BETWEEN 5 AND 16");
            // Revoked means when and by whom, both or neither, and never before it was made.
            t.HasCheckConstraint("ck_api_keys_revoked_whole",
                "(revoked_at IS NULL AND revoked_by IS NULL) OR (revoked_at IS NOT NULL AND revoked_by IS NOT NULL AND revoked_at >= created_at)");
        });
    }
}
