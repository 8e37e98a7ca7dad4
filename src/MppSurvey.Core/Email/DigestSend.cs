using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Identity;

namespace MppSurvey.Core.Email;

/// <summary>
/// The weekly digest owed to one user for one week (notices), and its sent-marker: the digest job
/// first writes a row for every recipient of the week (a unique (user, week) pair, so a second run, a
/// retry or a second app instance adds none), then locks each unsent row, sends, and marks it sent in
/// that same transaction. A crash before the mail left leaves the row unsent and the next run sends it;
/// a sent row is never sent again.
/// </summary>
public sealed class DigestSend
{
    public long Id { get; set; }
    public required string UserId { get; init; }
    /// <summary>The Monday (in the MPP's time zone) of the week the digest reports on.</summary>
    public DateOnly WeekStart { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Null until the mail server accepted the mail.</summary>
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class DigestSendConfiguration : IEntityTypeConfiguration<DigestSend>
{
    public void Configure(EntityTypeBuilder<DigestSend> e)
    {
        // A deleted account is owed nothing.
        e.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        // One digest per user and week, whoever runs the job and however often.
        e.HasIndex(d => new { d.UserId, d.WeekStart }).IsUnique();
        e.ToTable(t =>
        {
            // 1 = Monday in PostgreSQL's isodow: a week is always Monday to Sunday.
            t.HasCheckConstraint("ck_digest_sends_week_starts_monday", "extract(isodow from week_start) = 1");
            t.HasCheckConstraint("ck_digest_sends_sent_after_created", "sent_at IS NULL OR sent_at >= created_at");
        });
    }
}

/// <summary>The weekly-digest switch on the account (notices): on by default, also for accounts that existed before it.</summary>
internal sealed class AppUserDigestConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e) =>
        // The sentinel is true, so EF sends an explicit false and leaves true to the column default.
        e.Property(u => u.WeeklyDigest).HasDefaultValue(true).HasSentinel(true);
}
