using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Alerts;

public enum IntegrityAlertReason
{
    /// <summary>The suggestion was classified as integrity (pungli, calo, suap...).</summary>
    Suggestion = 1,
    /// <summary>An SPAK answer at the bottom of its scale.</summary>
    SpakAnswer = 2,
}

/// <summary>
/// A sign of a gratuity, broker or bribe in one response (integrity alerts): raised when the
/// response is stored, seen at once by the MPP's administrators and regional head, and closed only
/// by acknowledging it with a note. It holds the masked text, never anything about the visitor.
/// </summary>
public sealed class IntegrityAlert
{
    public long Id { get; set; }
    public int MallId { get; init; }
    public Guid ResponseId { get; init; }
    public required string PeriodCode { get; init; }
    public IntegrityAlertReason Reason { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    /// <summary>The suggestion with phone numbers, e-mails and NIK-like digits masked, or which SPAK answer was at the bottom.</summary>
    public string? MaskedText { get; init; }
    /// <summary>When the alert e-mails went out; null while they are owed.</summary>
    public DateTimeOffset? NotifiedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    /// <summary>The acknowledging user's e-mail, kept as text so it outlives the account.</summary>
    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgementNote { get; set; }
}

internal sealed class IntegrityAlertConfiguration : IEntityTypeConfiguration<IntegrityAlert>
{
    public void Configure(EntityTypeBuilder<IntegrityAlert> e)
    {
        e.HasOne<Mall>().WithMany().HasForeignKey(a => a.MallId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Response>().WithMany().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Period>().WithMany().HasForeignKey(a => a.PeriodCode).OnDelete(DeleteBehavior.Restrict);
        // One alert per response and reason: a replayed response cannot raise a second one.
        e.HasIndex(a => new { a.ResponseId, a.Reason }).IsUnique();
        // The pages list an MPP's open alerts first.
        e.HasIndex(a => new { a.MallId, a.AcknowledgedAt, a.RaisedAt });
        e.Property(a => a.MaskedText).HasMaxLength(2000);
        e.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        e.Property(a => a.AcknowledgementNote).HasMaxLength(1000);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_integrity_alerts_reason", "reason IN (1, 2)");
            // Acknowledged means who, when and a note that says something, all three or none.
            t.HasCheckConstraint("ck_integrity_alerts_acknowledged_whole",
                "(acknowledged_at IS NULL AND acknowledged_by IS NULL AND acknowledgement_note IS NULL) OR " +
                "(acknowledged_at IS NOT NULL AND acknowledged_by IS NOT NULL AND btrim(acknowledgement_note) <> '')");
        });
    }
}
