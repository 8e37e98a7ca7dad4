using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Database;

public sealed class MppSurveyDbContext(DbContextOptions<MppSurveyDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public const string MigrationsAssembly = "MppSurvey.Migrations";

    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Regency> Regencies => Set<Regency>();
    public DbSet<Mall> Malls => Set<Mall>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Kiosk> Kiosks => Set<Kiosk>();
    public DbSet<SurveyTemplate> SurveyTemplates => Set<SurveyTemplate>();
    public DbSet<SurveyTemplateVersion> SurveyTemplateVersions => Set<SurveyTemplateVersion>();
    public DbSet<Period> Periods => Set<Period>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<Response> Responses => Set<Response>();
    public DbSet<Alerts.IntegrityAlert> IntegrityAlerts => Set<Alerts.IntegrityAlert>();
    /// <summary>Per alert and recipient, the sent-marker of its e-mail.</summary>
    public DbSet<Alerts.IntegrityAlertNotice> IntegrityAlertNotices => Set<Alerts.IntegrityAlertNotice>();
    public DbSet<Invitations.ApiKey> ApiKeys => Set<Invitations.ApiKey>();
    public DbSet<Invitations.SurveyInvitation> SurveyInvitations => Set<Invitations.SurveyInvitation>();
    public DbSet<IndexResult> IndexResults => Set<IndexResult>();
    /// <summary>The MPP-level sums behind the stored results, from which the incremental run rolls up the national units.</summary>
    public DbSet<IndexUnitSum> IndexUnitSums => Set<IndexUnitSum>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<StoredWorkbook> StoredWorkbooks => Set<StoredWorkbook>();
    public DbSet<ResponseImport> ResponseImports => Set<ResponseImport>();
    public DbSet<FollowUpAction> FollowUpActions => Set<FollowUpAction>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    /// <summary>Signed-in browsers: the login cookie holds only a row's id (see <see cref="UserSession"/>).</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    /// <summary>E-mails owed because a period was published; each row is its mail's sent-marker.</summary>
    public DbSet<Email.PublicationNotice> PublicationNotices => Set<Email.PublicationNotice>();
    public DbSet<Email.DigestSend> DigestSends => Set<Email.DigestSend>();
    /// <summary>The keys that protect login cookies and antiforgery tokens, shared by every web node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Themes.ThemeTerm> ThemeTerms => Set<Themes.ThemeTerm>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Feature folders keep their own entity configuration (IEntityTypeConfiguration) beside the entity.
        b.ApplyConfigurationsFromAssembly(typeof(MppSurveyDbContext).Assembly);

        b.Entity<Province>(e =>
        {
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(2);
            e.Property(p => p.TimeZone).HasConversion<string>().HasMaxLength(4);
        });
        b.Entity<Regency>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(5);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
            e.Property(r => r.TimeZone).HasConversion<string>().HasMaxLength(4);
            e.HasOne(r => r.Province).WithMany(p => p.Regencies).HasForeignKey(r => r.ProvinceCode);
        });
        b.Entity<Mall>(e =>
        {
            e.HasIndex(m => m.RegencyCode).IsUnique();
            e.HasOne(m => m.Regency).WithMany().HasForeignKey(m => m.RegencyCode);
            e.Property(m => m.TimeZone).HasConversion<string>().HasMaxLength(4);
        });
        b.Entity<Agency>(e =>
        {
            e.HasOne(a => a.Mall).WithMany(m => m.Agencies).HasForeignKey(a => a.MallId);
            e.HasIndex(a => new { a.MallId, a.Name }).IsUnique();
            // Target of responses' (agency_id, mall_id): a response's agency is one of its own MPP's.
            e.HasAlternateKey(a => new { a.Id, a.MallId });
        });
        b.Entity<Service>(e =>
        {
            e.HasOne(s => s.Agency).WithMany(a => a.Services).HasForeignKey(s => s.AgencyId);
            e.HasIndex(s => new { s.AgencyId, s.Name }).IsUnique();
            // Target of responses' (service_id, agency_id): a response's service is one of its agency's.
            e.HasAlternateKey(s => new { s.Id, s.AgencyId });
        });
        b.Entity<Kiosk>(e =>
        {
            e.HasOne(k => k.Mall).WithMany(m => m.Kiosks).HasForeignKey(k => k.MallId);
            e.HasIndex(k => k.TokenHash).IsUnique();
            e.HasIndex(k => k.EnrolmentCodeHash).IsUnique();
            // A tablet stands at a counter, a mobile-service event or a self-service corner; never "digital".
            e.Property(k => k.ServiceModel).HasColumnType("smallint").HasDefaultValue(ServiceModel.Direct);
            e.ToTable(t => t.HasCheckConstraint("ck_kiosks_service_model", "service_model BETWEEN 1 AND 3"));
        });
        b.Entity<SurveyTemplate>(e =>
        {
            e.HasIndex(t => t.Code).IsUnique();
            e.HasOne(t => t.OwnerMall).WithMany().HasForeignKey(t => t.OwnerMallId);
        });
        b.Entity<SurveyTemplateVersion>(e =>
        {
            e.HasOne(v => v.Template).WithMany(t => t.Versions).HasForeignKey(v => v.TemplateId);
            e.HasIndex(v => new { v.TemplateId, v.Version }).IsUnique();
            e.Property(v => v.Definition).HasColumnType("jsonb");
        });
        b.Entity<Period>(e =>
        {
            e.HasKey(p => p.Code);
            e.Property(p => p.Code).HasMaxLength(7);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(10);
        });
        b.Entity<Survey>(e =>
        {
            e.HasOne(s => s.Mall).WithMany().HasForeignKey(s => s.MallId);
            e.HasOne(s => s.TemplateVersion).WithMany().HasForeignKey(s => s.TemplateVersionId);
            e.HasOne<Period>().WithMany().HasForeignKey(s => s.PeriodCode);
            e.HasIndex(s => new { s.MallId, s.PeriodCode, s.TemplateVersionId }).IsUnique();
            // Target of responses' (survey_id, mall_id, period_code, template_version_id): the copies agree with the survey.
            e.HasAlternateKey(s => new { s.Id, s.MallId, s.PeriodCode, s.TemplateVersionId });
            // Only a frozen figure is published: a published survey is always closed, so reopening one is impossible too.
            e.ToTable(t => t.HasCheckConstraint("ck_surveys_published_is_closed", "published_at IS NULL OR closed_at IS NOT NULL"));
        });
        b.Entity<Audit.AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.MallId, a.At });
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(60);
            e.Property(a => a.Target).HasMaxLength(300);
            e.Property(a => a.Detail).HasMaxLength(2000);
        });
        b.Entity<Response>(e =>
        {
            // The client generates the id; never let the database invent one.
            e.Property(r => r.Id).ValueGeneratedNever();
            // The index job and the workbooks group by the copies of the survey's MPP, period and version
            // and by the agency: composite keys make a row that contradicts them impossible (one such
            // row once stopped the index job for every MPP). A survey with responses cannot be deleted.
            e.HasOne<Survey>().WithMany()
                .HasForeignKey(r => new { r.SurveyId, r.MallId, r.PeriodCode, r.TemplateVersionId })
                .HasPrincipalKey(s => new { s.Id, s.MallId, s.PeriodCode, s.TemplateVersionId })
                .OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Mall>().WithMany().HasForeignKey(r => r.MallId);
            e.HasOne<Agency>().WithMany()
                .HasForeignKey(r => new { r.AgencyId, r.MallId })
                .HasPrincipalKey(a => new { a.Id, a.MallId })
                .OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Service>().WithMany()
                .HasForeignKey(r => new { r.ServiceId, r.AgencyId })
                .HasPrincipalKey(s => new { s.Id, s.AgencyId })
                .OnDelete(DeleteBehavior.Restrict);
            // A composite key is not checked while one of its columns is null: a service always comes with its agency.
            e.ToTable(t => t.HasCheckConstraint("ck_responses_service_has_agency", "service_id IS NULL OR agency_id IS NOT NULL"));
            e.HasOne<SurveyTemplateVersion>().WithMany().HasForeignKey(r => r.TemplateVersionId);
            e.HasOne<Period>().WithMany().HasForeignKey(r => r.PeriodCode);
            e.HasOne<Kiosk>().WithMany().HasForeignKey(r => r.KioskId);
            e.Property(r => r.SubmittedAtLocal).HasColumnType("timestamp without time zone");
            e.Property(r => r.Scores).HasColumnType("smallint[]");
            e.Property(r => r.OtherAnswers).HasColumnType("jsonb");
            e.Property(r => r.Suggestion).HasMaxLength(2000);
            // Themes and service model are stored numbers of their enums; the schema refuses any other.
            e.Property(r => r.Themes).HasDefaultValue(Themes.SuggestionTheme.None);
            e.ToTable(t => t.HasCheckConstraint("ck_responses_themes", $"themes >= 0 AND themes <= {Themes.SuggestionThemes.AllBits}"));
            e.Property(r => r.ServiceModel).HasColumnType("smallint").HasDefaultValue(ServiceModel.Direct);
            e.ToTable(t => t.HasCheckConstraint("ck_responses_service_model", "service_model BETWEEN 1 AND 4"));
            e.ToTable(t => t.HasCheckConstraint("ck_responses_channel", "channel BETWEEN 1 AND 5"));
            // The workbook and the dashboard read one MPP's period: the profile columns ride along in the
            // index so the dashboard's profile is an index-only scan, not a pass over whole rows.
            e.HasIndex(r => new { r.MallId, r.PeriodCode })
                .IncludeProperties(r => new { r.TemplateVersionId, r.Flags, r.Gender, r.Age, r.Education, r.Occupation });
            // The dashboard shows the latest suggestions: a small partial index finds them without a scan.
            e.HasIndex(r => new { r.MallId, r.PeriodCode, r.SubmittedAtLocal })
                .HasFilter("suggestion IS NOT NULL")
                .HasDatabaseName("ix_responses_latest_suggestions");
        });
        b.Entity<IndexResult>(e =>
        {
            e.HasIndex(r => new { r.PeriodCode, r.TemplateCode, r.UnitKind, r.UnitKey }).IsUnique();
            e.HasIndex(r => r.MallId);
            // The results table is rewritten per period by the index job; readers filter by unit and period.
            e.HasIndex(r => new { r.UnitKind, r.UnitKey, r.PeriodCode });
            e.Property(r => r.Ikm).HasPrecision(30, 28);
            e.Property(r => r.Converted).HasPrecision(5, 2);
            e.Property(r => r.PreviousConverted).HasPrecision(5, 2);
            e.Property(r => r.Grade).HasMaxLength(1);
        });
        b.Entity<ResponseImport>(e =>
        {
            e.HasOne<Mall>().WithMany().HasForeignKey(i => i.MallId);
            e.HasIndex(i => new { i.MallId, i.PeriodCode, i.FileHash }).IsUnique();
        });
        b.Entity<StoredWorkbook>(e =>
        {
            e.HasIndex(w => new { w.Kind, w.UnitKey, w.PeriodCode }).IsUnique();
            e.Property(w => w.PeriodCode).HasMaxLength(7);
        });
        b.Entity<JobRun>(e =>
        {
            e.Property(r => r.Kind).HasMaxLength(60);
            e.HasIndex(r => new { r.Kind, r.StartedAt });
        });
        b.Entity<FollowUpAction>(e =>
        {
            e.HasOne<Mall>().WithMany().HasForeignKey(a => a.MallId);
            e.HasOne<Period>().WithMany().HasForeignKey(a => a.PeriodCode);
            // The plan page and the workbook read one MPP's plan for one period.
            e.HasIndex(a => new { a.MallId, a.PeriodCode });
            e.Property(a => a.ElementCode).HasMaxLength(8);
            e.Property(a => a.Action).HasMaxLength(FollowUpAction.MaxActionLength);
            e.Property(a => a.Timeline).HasMaxLength(FollowUpAction.MaxTimelineLength);
            e.Property(a => a.PersonInCharge).HasMaxLength(FollowUpAction.MaxPersonLength);
            e.Property(a => a.EvidenceNote).HasMaxLength(FollowUpAction.MaxEvidenceLength);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(12);
        });
        b.Entity<AppUser>(e =>
        {
            e.HasOne<Regency>().WithMany().HasForeignKey(u => u.RegencyCode);
            e.HasOne<Mall>().WithMany().HasForeignKey(u => u.MallId);
            e.Property(u => u.PreferredCulture).HasMaxLength(5).HasDefaultValue(MailCultures.Indonesian);
            e.ToTable(t => t.HasCheckConstraint("ck_asp_net_users_preferred_culture", "preferred_culture IN ('id', 'en')"));
        });
        b.Entity<Email.PublicationNotice>(e =>
        {
            e.HasOne<Mall>().WithMany().HasForeignKey(n => n.MallId);
            e.HasOne<Period>().WithMany().HasForeignKey(n => n.PeriodCode);
            // A deleted account is owed nothing.
            e.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            // One mail per publication and user: a second publication of the same period cannot exist, nor a second notice.
            e.HasIndex(n => new { n.MallId, n.PeriodCode, n.UserId }).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("ck_publication_notices_sent_after_created", "sent_at IS NULL OR sent_at >= created_at"));
        });
        b.Entity<UserSession>(e =>
        {
            // Made from a random Guid by the session store, never by the database.
            e.Property(s => s.Id).ValueGeneratedNever();
            // Deleting a user deletes their sessions; the index serves "end all of this user's sessions".
            e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.UserId);
            e.ToTable(t => t.HasCheckConstraint("ck_user_sessions_expires_after_created", "expires_at > created_at"));
        });

        UseSnakeCaseNames(b);
    }

    /// <summary>
    /// snake_case tables and columns, so the hand-written aggregation SQL of the index job and the
    /// benchmarks reads like ordinary PostgreSQL (no quoted "PascalCase" identifiers).
    /// </summary>
    private static void UseSnakeCaseNames(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null)
            {
                entity.SetTableName(SnakeCase(table));
            }
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.GetColumnName()));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName()!));
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName()!));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var boundary = i > 0 && name[i - 1] != '_' &&
                    (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}

/// <summary>Role records for <see cref="Roles"/>; kept beside the context that stores them.</summary>
public static class RoleSeeder
{
    public static async Task SeedAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
