using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MppSurvey.Core.Database;

/// <summary>
/// Serializes the admin forms that check "does this already exist?" before they write (a new agency,
/// service, survey, template version, kiosk, user, a follow-up plan's rows): a PostgreSQL advisory
/// lock held until the transaction ends, taken before the check. Two clicks of the same button, or
/// two admins at once, then run one after the other and the second sees what the first wrote and is
/// answered with a message, never with a unique-key violation (a 500). The lock is per unit (one
/// MPP, one template), so unrelated work never waits, and it works on every node.
/// </summary>
public static class EditLock
{
    /// <summary>The first key of the two-key advisory lock: which kind of unit the second key names.</summary>
    public enum Area
    {
        /// <summary>An MPP's agencies and services (second key: the MPP's id).</summary>
        Counters = 0x4D50_0001,
        /// <summary>An MPP's surveys (second key: the MPP's id).</summary>
        Surveys = 0x4D50_0002,
        /// <summary>One template's versions (second key: the template's id).</summary>
        TemplateVersions = 0x4D50_0003,
        /// <summary>Template codes, which are unique across the country (second key: 0).</summary>
        TemplateCodes = 0x4D50_0004,
        /// <summary>An MPP's follow-up plans (second key: the MPP's id).</summary>
        FollowUp = 0x4D50_0005,
        /// <summary>An MPP's kiosks (second key: the MPP's id).</summary>
        Kiosks = 0x4D50_0006,
        /// <summary>User accounts, whose e-mails are unique across the country (second key: 0).</summary>
        Users = 0x4D50_0007,
    }

    /// <summary>
    /// Begins a transaction (or joins the one already open) and waits for the lock of this unit.
    /// The caller commits; a refusal simply disposes the transaction, which rolls back and releases
    /// the lock.
    /// </summary>
    public static async Task<IDbContextTransaction?> AcquireAsync(DbContext db, Area area, int key, CancellationToken ct)
    {
        var started = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)area}, {key})", ct);
        return started;
    }
}
