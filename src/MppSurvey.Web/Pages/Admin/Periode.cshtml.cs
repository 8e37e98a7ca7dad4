using Hangfire;
using MppSurvey.Web.Reports;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;
using MppSurvey.Web.Pages.Publik;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Which MPP the signed-in user manages on the period and follow-up pages: an MPP admin their own
/// (from the scope claim, never from the form: asking for another MPP is refused), the ministry and
/// administrators the one they choose.
/// </summary>
public static class ManagedMall
{
    public sealed record Choice(string RegencyCode, string Name);

    public static bool ChoosesMall(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Ministry);

    /// <returns>The MPP, or null with <paramref name="forbidden"/> when an MPP admin asked for another MPP.</returns>
    public static async Task<(Mall? Mall, bool Forbidden)> ResolveAsync(ClaimsPrincipal user, string? requested, MppSurveyDbContext db, CancellationToken ct)
    {
        if (ChoosesMall(user))
        {
            var chosen = string.IsNullOrEmpty(requested)
                ? await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).FirstOrDefaultAsync(ct)
                : await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.RegencyCode == requested, ct);
            return (chosen, false);
        }
        var own = user.ScopedMallId() is int id
            ? await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct)
            : null;
        if (own is null || (!string.IsNullOrEmpty(requested) && !string.Equals(requested, own.RegencyCode, StringComparison.Ordinal)))
        {
            return (null, true);
        }
        return (own, false);
    }

    public static async Task<IReadOnlyList<Choice>> ChoicesAsync(ClaimsPrincipal user, MppSurveyDbContext db, CancellationToken ct) =>
        ChoosesMall(user)
            ? await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).Select(m => new Choice(m.RegencyCode, m.Name)).ToListAsync(ct)
            : [];
}

/// <summary>
/// The period lifecycle of one MPP: close a period (its surveys stop counting responses: later ones
/// are stored as Late and shown as a late amendment), then publish it (its figures appear on
/// /publik and in the open data). Every action is a form that first shows its consequences and
/// acts only when posted again with Confirmed=true; closing before the period's last day needs
/// "close early" and a reason (<see cref="PeriodClosing"/>). The Ministry and Administrators can
/// reopen a closed, unpublished period with a reason (<see cref="PeriodReopening"/>); a published
/// figure is a public statement and is never reopened or withdrawn. Closing and reopening queue
/// the index job for the period (it covers every MPP, so it never runs inside the request); the
/// figure is published only once that recomputation is stored.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed class PeriodeModel(MppSurveyDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IStringLocalizer<SharedText> text,
    MailDelivery mail, PublicLinks links) : PageModel
{
    public sealed record Row(string PeriodCode, DateTimeOffset? ClosedAt, DateTimeOffset? PublishedAt, decimal? Converted, string? Grade, int? Respondents, int LateResponses, bool Recomputing);

    public enum ActionKind
    {
        Close,
        Publish,
        Reopen,
    }

    /// <summary>The action waiting for confirmation: the page states its consequences and posts it again with Confirmed=true.</summary>
    public sealed record Pending(ActionKind Kind, string PeriodCode, DateOnly EndsOn, bool Early);

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public string? PeriodCode { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    [BindProperty] public bool Early { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public Pending? Confirmation { get; private set; }
    public string? ReasonError { get; private set; }
    public bool MayReopen => PeriodReopening.MayReopen(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (await TargetAsync(ct) is not { } target)
        {
            return NotFound();
        }
        var (period, surveys) = target;
        var now = clock.GetUtcNow();
        var today = MallTime.Today(Mall!, now);
        var reason = PeriodReason.Normalize(Reason);
        var early = PeriodClosing.IsEarly(period, today);
        switch (PeriodClosing.Decide(surveys.All(s => s.ClosedAt is not null), period, today, Confirmed, Early, reason))
        {
            case PeriodClosing.Outcome.AlreadyClosed:
                Error = text["Period_AlreadyClosed", period.Code];
                return Page();
            case PeriodClosing.Outcome.Confirm:
                return Confirm(ActionKind.Close, period, early);
            case PeriodClosing.Outcome.EarlyNotChosen:
                Error = text["Period_EarlyNotChosen", period.Code, Day(period.EndsOn)];
                return Confirm(ActionKind.Close, period, early);
            case PeriodClosing.Outcome.ReasonRequired:
                ReasonError = text["Period_ReasonRequired"];
                return Confirm(ActionKind.Close, period, early);
            case PeriodClosing.Outcome.ReasonInvalid:
                ReasonError = text["Period_ReasonInvalid", PeriodReason.MaxLength];
                return Confirm(ActionKind.Close, period, early);
        }
        if (await new PeriodActions(db).CloseAsync(Mall!.Id, period.Code, now, User, AuditTarget(period), reason, ct) == 0)
        {
            Error = text["Period_AlreadyClosed", period.Code];
            return Page();
        }
        EnqueueIndexJob(period.Code);
        return RedirectToPage(new { mpp = Mall.RegencyCode, done = "closed" });
    }

    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (!MayReopen)
        {
            return Forbid();
        }
        if (await TargetAsync(ct) is not { } target)
        {
            return NotFound();
        }
        var (period, surveys) = target;
        var reason = PeriodReason.Normalize(Reason);
        switch (PeriodReopening.Decide(surveys.Any(s => s.PublishedAt is not null), surveys.All(s => s.ClosedAt is not null), Confirmed, reason))
        {
            case PeriodReopening.Outcome.Published:
                Error = text["Period_ReopenPublished", period.Code];
                return Page();
            case PeriodReopening.Outcome.NotClosed:
                Error = text["Period_NotClosed", period.Code];
                return Page();
            case PeriodReopening.Outcome.Confirm:
                return Confirm(ActionKind.Reopen, period, false);
            case PeriodReopening.Outcome.ReasonRequired:
                ReasonError = text["Period_ReasonRequired"];
                return Confirm(ActionKind.Reopen, period, false);
            case PeriodReopening.Outcome.ReasonInvalid:
                ReasonError = text["Period_ReasonInvalid", PeriodReason.MaxLength];
                return Confirm(ActionKind.Reopen, period, false);
        }
        if (await new PeriodActions(db).ReopenAsync(Mall!.Id, period.Code, clock.GetUtcNow(), User, AuditTarget(period), reason!, ct) == 0)
        {
            Error = text["Period_NotClosed", period.Code];
            return Page();
        }
        EnqueueIndexJob(period.Code);
        return RedirectToPage(new { mpp = Mall.RegencyCode, done = "reopened" });
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (await TargetAsync(ct) is not { } target)
        {
            return NotFound();
        }
        var (period, surveys) = target;
        var row = Rows.FirstOrDefault(r => r.PeriodCode == period.Code);
        if (surveys.Any(s => s.ClosedAt is null))
        {
            // Only a frozen figure may be published: an open period's figure still moves.
            Error = text["Period_CloseFirst", period.Code];
            return Page();
        }
        if (surveys.All(s => s.PublishedAt is not null))
        {
            Error = text["Period_AlreadyPublished", period.Code];
            return Page();
        }
        if (row?.Converted is null)
        {
            Error = text["Period_NoResults", period.Code];
            return Page();
        }
        if (row.Recomputing)
        {
            // The stored figure predates the close: publishing it would publish a figure nobody froze.
            Error = text["Period_StillRecomputing", period.Code];
            return Page();
        }
        if (!Confirmed)
        {
            return Confirm(ActionKind.Publish, period, false);
        }
        if (await new PeriodActions(db).PublishAsync(Mall!.Id, period.Code, clock.GetUtcNow(), User, AuditTarget(period), ct, notify: mail.Enabled) == 0)
        {
            Error = text["Period_AlreadyPublished", period.Code];
            return Page();
        }
        if (mail.Enabled)
        {
            // Queued once the notices are committed; the job mails them outside the request, retried when the mail server fails.
            var origin = links.Absolute(Request, "/")!;
            jobs.Enqueue<PublicationNoticeMail>(m => m.SendPendingAsync(origin, CancellationToken.None));
        }
        return RedirectToPage(new { mpp = Mall.RegencyCode, done = "published" });
    }

    public string When(DateTimeOffset at) => MallTime.Format(at, Mall is null ? default : MallTime.ZoneOf(Mall));

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private PageResult Confirm(ActionKind kind, Period period, bool early)
    {
        Confirmation = new Pending(kind, period.Code, period.EndsOn, early);
        return Page();
    }

    private string AuditTarget(Period period) => period.Code + " · " + Mall!.Name;

    private void EnqueueIndexJob(string periodCode)
    {
        var periods = new[] { periodCode };
        jobs.Enqueue<IndexJob>(job => job.RunAsync(periods, false, CancellationToken.None));
    }

    /// <summary>The period asked for and this MPP's surveys of it; null (404) for a code that is no period or one the MPP never surveyed.</summary>
    private async Task<(Period Period, List<Survey> Surveys)?> TargetAsync(CancellationToken ct)
    {
        if (Mall is null || !Period.TryParse(PeriodCode, out var period))
        {
            return null;
        }
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.MallId == Mall.Id && s.PeriodCode == period.Code).ToListAsync(ct);
        return surveys.Count == 0 ? null : (period, surveys);
    }

    /// <summary>Loads the MPP and its periods; returns the refusal when the user may not manage the MPP asked for.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        Choices = await ManagedMall.ChoicesAsync(User, db, ct);
        Message = Request.Query["done"].ToString() switch
        {
            "closed" => text["Period_Closed"].Value,
            "reopened" => text["Period_Reopened"].Value,
            "published" => text["Period_Published"].Value,
            _ => null,
        };
        if (Mall is null)
        {
            return null;
        }
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.MallId == Mall.Id)
            .GroupBy(s => s.PeriodCode)
            .Select(g => new
            {
                PeriodCode = g.Key,
                // A period is closed when every survey of it is; published when one is (they are published together).
                Open = g.Count(s => s.ClosedAt == null),
                ClosedAt = g.Max(s => s.ClosedAt),
                PublishedAt = g.Max(s => s.PublishedAt),
            })
            .ToListAsync(ct);
        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == Mall.Id && r.TemplateCode == "skm")
            .Select(r => new { r.PeriodCode, r.Converted, r.Grade, r.Respondents, r.ComputedAt })
            .ToDictionaryAsync(r => r.PeriodCode, ct);
        var late = await new PublishedResults(db).LateCountsAsync(Mall.Id, surveys.Select(s => s.PeriodCode).ToList(), ct);
        Rows = surveys
            .OrderByDescending(s => Period.Parse(s.PeriodCode).StartsOn).ThenBy(s => s.PeriodCode, StringComparer.Ordinal)
            .Select(s =>
            {
                var r = results.GetValueOrDefault(s.PeriodCode);
                var closedAt = s.Open == 0 ? s.ClosedAt : null;
                // Closed after the stored figure was computed: the queued recomputation has not finished yet.
                var recomputing = closedAt is { } c && s.PublishedAt is null && (r is null || r.ComputedAt < c);
                return new Row(s.PeriodCode, closedAt, s.PublishedAt, r?.Converted, r?.Grade, r?.Respondents, late.GetValueOrDefault(s.PeriodCode), recomputing);
            })
            .ToList();
        return null;
    }
}
