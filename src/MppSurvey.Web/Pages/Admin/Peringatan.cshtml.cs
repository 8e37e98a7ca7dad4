using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Alerts;
using MppSurvey.Core;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Web.Alerts;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// The integrity alerts a user answers for (integrity alerts): an MPP admin's of their MPP, a regional
/// head's of their regency, the ministry's of every MPP (optionally one, `?mpp=`). Open ones first,
/// each with the masked text and a form to acknowledge it with a note; then the acknowledged ones with
/// who, when and the note. An alert is acknowledged once: the UPDATE only takes an open one, so a
/// second submit (a double click, another tab, a colleague) is told it was done, and nothing changes.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.RegionalHead + "," + Roles.MppAdmin)]
public sealed class PeringatanModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    /// <summary>The column's length.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>Acknowledged alerts shown, the latest first; older ones stay in the table and the audit log.</summary>
    public const int AcknowledgedShown = 100;

    /// <summary>One alert with its MPP; times are shown in the MPP's own zone.</summary>
    public sealed record Row(long Id, string RegencyCode, string MallName, IndonesianTimeZone Zone, string PeriodCode, IntegrityAlertReason Reason,
        DateTimeOffset RaisedAt, string? MaskedText, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? Note);

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public long AlertId { get; set; }
    [BindProperty] public string? Note { get; set; }

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Acknowledged { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public bool Done { get; private set; }
    /// <summary>The alert whose form has <see cref="NoteError"/>.</summary>
    public long? ErrorAlertId { get; private set; }
    public string? NoteError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Done = Request.Query["done"] == "1";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct)
    {
        // Only an alert the user may see: another MPP's id (forged, or an old form after a role change) is not found.
        var alert = await AlertScope.Visible(db, User).AsNoTracking()
            .Where(a => a.Id == AlertId)
            .Select(a => new { a.Id, a.MallId, a.PeriodCode, a.Reason, a.AcknowledgedAt, RegencyCode = db.Malls.Where(m => m.Id == a.MallId).Select(m => m.RegencyCode).Single() })
            .FirstOrDefaultAsync(ct);
        if (alert is null || HasBindingError(nameof(AlertId)))
        {
            return NotFound();
        }
        // A browser submits each line break of the textarea as CRLF but counts it as one character against
        // maxlength: stored as LF, a note the browser let through fits the column and the limit it states.
        var note = Note?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "";
        ErrorAlertId = alert.Id;
        if (alert.AcknowledgedAt is not null)
        {
            NoteError = text["Alerts_AlreadyAcknowledged"];
        }
        else if (VisibleText.IsBlank(note))
        {
            NoteError = text["Alerts_NoteRequired"];
        }
        else if (note.Length > MaxNoteLength)
        {
            NoteError = text["Alerts_NoteTooLong", MaxNoteLength];
        }
        else if (note.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            NoteError = text["Alerts_NoteControlCharacters"];
        }
        if (NoteError is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        // As PostgreSQL keeps it (microseconds).
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.UtcTicks % 10));
        var by = User.Identity?.Name ?? "?";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Taken only while open: of two submits at once, one changes the row and the other finds it done.
        var changed = await db.IntegrityAlerts
            .Where(a => a.Id == alert.Id && a.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.AcknowledgedAt, now)
                .SetProperty(a => a.AcknowledgedBy, by.Length > 256 ? by[..256] : by)
                .SetProperty(a => a.AcknowledgementNote, note), ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            NoteError = text["Alerts_AlreadyAcknowledged"];
            await LoadAsync(ct);
            return Page();
        }
        AuditLog.Record(db, User, now, "alert.acknowledge", $"{alert.RegencyCode} {alert.PeriodCode} #{alert.Id} ({alert.Reason})", alert.MallId, note);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return RedirectToPage(new { mpp = Regency, done = "1" });
    }

    /// <summary>"3 hari", "5 jam": how long an alert has waited.</summary>
    public string Age(DateTimeOffset raisedAt)
    {
        var age = Now - raisedAt;
        return age.TotalDays >= 1 ? text["Alerts_AgeDays", (int)age.TotalDays] : text["Alerts_AgeHours", Math.Max(0, (int)age.TotalHours)];
    }

    public static string When(Row row, DateTimeOffset at) => MallTime.Format(at, row.Zone);

    public string ReasonText(IntegrityAlertReason reason) => text["Alerts_Reason" + reason];

    private bool HasBindingError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var alerts = AlertScope.Visible(db, User).AsNoTracking();
        if (!string.IsNullOrEmpty(Regency))
        {
            alerts = alerts.Where(a => db.Malls.Any(m => m.Id == a.MallId && m.RegencyCode == Regency));
        }
        var rows = from a in alerts
                   join m in db.Malls on a.MallId equals m.Id
                   select new { a, m.RegencyCode, m.Name, m.TimeZone };
        var open = await rows.Where(x => x.a.AcknowledgedAt == null).OrderByDescending(x => x.a.RaisedAt).ThenByDescending(x => x.a.Id).ToListAsync(ct);
        var done = await rows.Where(x => x.a.AcknowledgedAt != null).OrderByDescending(x => x.a.AcknowledgedAt).ThenByDescending(x => x.a.Id).Take(AcknowledgedShown).ToListAsync(ct);
        Row ToRow(IntegrityAlert a, string regency, string name, IndonesianTimeZone zone) =>
            new(a.Id, regency, name, MallTime.ZoneOrWib(zone), a.PeriodCode, a.Reason, a.RaisedAt, a.MaskedText, a.AcknowledgedAt, a.AcknowledgedBy, a.AcknowledgementNote);
        Open = open.Select(x => ToRow(x.a, x.RegencyCode, x.Name, x.TimeZone)).ToList();
        Acknowledged = done.Select(x => ToRow(x.a, x.RegencyCode, x.Name, x.TimeZone)).ToList();
    }
}
