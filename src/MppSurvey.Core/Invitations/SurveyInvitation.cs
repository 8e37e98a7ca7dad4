using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Invitations;

/// <summary>
/// A one-time survey link for one completed online transaction of one service (digital
/// invitations): asked for by the MPP's online service with its <see cref="ApiKey"/>, opened by the
/// citizen, and bound to the single response it brings. Only the SHA-256 of the link's token is
/// kept; <see cref="ResponseId"/> is set in the same transaction as that response's insert.
/// </summary>
public sealed class SurveyInvitation
{
    public long Id { get; set; }
    public int MallId { get; init; }
    public int AgencyId { get; init; }
    public int ServiceId { get; init; }
    public int ApiKeyId { get; init; }
    public required string TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>The response the link brought; null while unused.</summary>
    public Guid? ResponseId { get; set; }
}

public static class SurveyInvitationTokens
{
    /// <summary>Two weeks: time to answer after an online transaction, short enough that old links do not linger.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>The longest caller's transaction reference accepted (an order or booking number).</summary>
    public const int MaxTransactionIdLength = 100;

    public static string Hash(string token) => ApiKeySecrets.Hash(token);

    /// <summary>A random token (256 bits) for an invitation without a transaction reference.</summary>
    public static string NewToken() => ApiKeySecrets.Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The token of a transaction's invitation: an HMAC of the reference under the key's own secret.
    /// Asking again for the same transaction with the same key gives the same token, so the same link,
    /// without storing the reference (which may be personal) or the token: only the token's hash is kept,
    /// and without the secret nobody can recompute it from a transaction number.
    /// </summary>
    public static string ForTransaction(string apiKeySecret, string transactionId) =>
        ApiKeySecrets.Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKeySecret), Encoding.UTF8.GetBytes("mppsurvey/undangan\n" + transactionId)));

    /// <summary>Whether a string can be a token at all (43 URL-safe base64 characters): anything else is not looked up.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> e)
    {
        e.HasOne<Mall>().WithMany().HasForeignKey(i => i.MallId).OnDelete(DeleteBehavior.Restrict);
        // Composite keys as on responses: the service is its agency's, the agency its MPP's, the key the MPP's own.
        e.HasOne<Agency>().WithMany()
            .HasForeignKey(i => new { i.AgencyId, i.MallId })
            .HasPrincipalKey(a => new { a.Id, a.MallId })
            .OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Service>().WithMany()
            .HasForeignKey(i => new { i.ServiceId, i.AgencyId })
            .HasPrincipalKey(s => new { s.Id, s.AgencyId })
            .OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ApiKey>().WithMany()
            .HasForeignKey(i => new { i.ApiKeyId, i.MallId })
            .HasPrincipalKey(k => new { k.Id, k.MallId })
            .OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Response>().WithMany().HasForeignKey(i => i.ResponseId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(i => i.TokenHash).IsUnique();
        // One link brings one response, and a response came through at most one link.
        e.HasIndex(i => i.ResponseId).IsUnique();
        e.Property(i => i.TokenHash).HasMaxLength(64);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_survey_invitations_token_hash", "token_hash ~ '^[0-9a-f]{64}$'");
            t.HasCheckConstraint("ck_survey_invitations_expires_after_created", "expires_at > created_at");
        });
    }
}
