using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// The follow-up plan (rencana tindak lanjut of PermenPANRB 14/2017; docs/method.md, Worked example: the three weakest elements) of one MPP for one period: one
/// form with a row per action. An empty plan starts with draft rows for the three weakest elements of
/// the stored mall result; below it, the previous period's actions with their element's change.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed class TindakLanjutModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed class RowInput
    {
        public long? Id { get; set; }
        /// <summary>The row's updated_at (UTC ticks) when the form was shown: an edit of a row changed since is refused, not overwritten.</summary>
        public long? Stamp { get; set; }
        public string? ElementCode { get; set; }
        public string? Action { get; set; }
        public string? Timeline { get; set; }
        public string? PersonInCharge { get; set; }
        public FollowUpStatus Status { get; set; } = FollowUpStatus.Planned;
        public string? EvidenceNote { get; set; }
        public bool Remove { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty(SupportsGet = true, Name = "periode")] public string? PeriodCode { get; set; }
    [BindProperty] public List<RowInput> Rows { get; set; } = [];

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<string> Periods { get; private set; } = [];
    public IReadOnlyList<FollowUpPlan.ElementScore> Scores { get; private set; } = [];
    public IReadOnlyList<string> Weakest { get; private set; } = [];
    public IReadOnlyList<FollowUpPlan.Outcome> Outcomes { get; private set; } = [];
    public bool Saved { get; private set; }
    private readonly Dictionary<int, string> _errors = [];

    public string? ErrorFor(int row) => _errors.GetValueOrDefault(row);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        Saved = Request.Query["saved"] == "1";
        if (Mall is not null && PeriodCode is not null)
        {
            var actions = await new FollowUpPlan(db).ActionsAsync(Mall.Id, PeriodCode, ct);
            Rows = actions.Select(a => new RowInput
            {
                Id = a.Id, Stamp = a.UpdatedAt.UtcTicks, ElementCode = a.ElementCode, Action = a.Action, Timeline = a.Timeline,
                PersonInCharge = a.PersonInCharge, Status = a.Status, EvidenceNote = a.EvidenceNote,
            }).ToList();
            if (Rows.Count == 0)
            {
                // An empty plan starts with the weakest elements, as the method asks (docs/method.md, Worked example).
                Rows = Weakest.Select(code => new RowInput { ElementCode = code }).ToList();
            }
        }
        Rows.Add(new RowInput());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Mall is null || PeriodCode is null)
        {
            return NotFound();
        }
        // Two saves of one MPP's plan (a double click, two tabs, two colleagues) run one after the other.
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.FollowUp, Mall.Id, ct);
        var existing = await db.FollowUpActions.Where(a => a.MallId == Mall.Id && a.PeriodCode == PeriodCode).ToDictionaryAsync(a => a.Id, ct);
        // An id of another MPP or period is not found, and nothing at all is written. An id that does not
        // even bind (only a forged form sends one) is the same: left null it would turn an edit into a new row.
        // A row removed meanwhile (the form sent again after a removal) no longer exists anywhere: that is no forgery.
        var missing = Rows.Where(r => r.Id is long id && !existing.ContainsKey(id)).Select(r => r.Id!.Value).ToList();
        if ((missing.Count > 0 && await db.FollowUpActions.AnyAsync(a => missing.Contains(a.Id), ct))
            || Enumerable.Range(0, Rows.Count).Any(i => HasBindingError($"{nameof(Rows)}[{i}].{nameof(RowInput.Id)}")))
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        // What the plan already holds: a new row equal to one of these is a replayed or repeated save, not a second action.
        var known = existing.Values.Select(a => (a.ElementCode, a.Action)).ToHashSet();
        for (var i = 0; i < Rows.Count; i++)
        {
            var row = Rows[i];
            if (row.Id is long removeId && row.Remove)
            {
                if (existing.TryGetValue(removeId, out var removed))
                {
                    db.FollowUpActions.Remove(removed);
                }
                continue;
            }
            if (row.Id is long goneId && !existing.ContainsKey(goneId))
            {
                _errors[i] = text["FollowUp_ChangedMeanwhile"];
                continue;
            }
            var actionText = row.Action?.Trim() ?? "";
            if (row.Id is null && actionText.Length == 0)
            {
                // A draft row left empty is not an action.
                continue;
            }
            if (Validate(i, row, actionText) is false)
            {
                continue;
            }
            var action = row.Id is long id ? existing[id] : null;
            if (action is null && !known.Add((row.ElementCode!, actionText)))
            {
                continue;
            }
            if (action is not null && Unchanged(action, row, actionText))
            {
                // The same form sent again (back button, replay) changes nothing and conflicts with nothing.
                continue;
            }
            if (action is not null && row.Stamp != action.UpdatedAt.UtcTicks)
            {
                _errors[i] = text["FollowUp_ChangedMeanwhile"];
                continue;
            }
            if (action is null)
            {
                action = new FollowUpAction { MallId = Mall.Id, PeriodCode = PeriodCode, ElementCode = row.ElementCode!, CreatedAt = now };
                db.FollowUpActions.Add(action);
            }
            action.ElementCode = row.ElementCode!;
            action.Action = actionText;
            action.Timeline = row.Timeline?.Trim() ?? "";
            action.PersonInCharge = row.PersonInCharge?.Trim() ?? "";
            action.Status = row.Status;
            action.EvidenceNote = string.IsNullOrWhiteSpace(row.EvidenceNote) ? null : row.EvidenceNote.Trim();
            action.UpdatedAt = now;
        }
        if (_errors.Count > 0)
        {
            // All or nothing: the form comes back with its rows and errors.
            db.ChangeTracker.Clear();
            return Page();
        }
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        // The stored workbook and semester report of this period show the plan: drop them so the next download regenerates them.
        await db.StoredWorkbooks.Where(w => (w.Kind == WorkbookKind.Mall || w.Kind == WorkbookKind.SemesterReport) && w.UnitKey == Mall.RegencyCode && w.PeriodCode == PeriodCode)
            .ExecuteDeleteAsync(ct);
        return RedirectToPage(new { mpp = Mall.RegencyCode, periode = PeriodCode, saved = "1" });
    }

    private static bool Unchanged(FollowUpAction a, RowInput row, string actionText) =>
        a.ElementCode == row.ElementCode && a.Action == actionText && a.Timeline == (row.Timeline?.Trim() ?? "")
        && a.PersonInCharge == (row.PersonInCharge?.Trim() ?? "") && a.Status == row.Status
        && a.EvidenceNote == (string.IsNullOrWhiteSpace(row.EvidenceNote) ? null : row.EvidenceNote.Trim());

    private bool Validate(int i, RowInput row, string actionText)
    {
        string? error = null;
        if (row.ElementCode is null || !SkmElements.Codes.Contains(row.ElementCode))
        {
            error = text["FollowUp_ElementRequired"];
        }
        else if (actionText.Length is 0 or > FollowUpAction.MaxActionLength)
        {
            error = text["FollowUp_ActionRequired", FollowUpAction.MaxActionLength];
        }
        else if ((row.Timeline?.Trim().Length ?? 0) > FollowUpAction.MaxTimelineLength
                 || (row.PersonInCharge?.Trim().Length ?? 0) > FollowUpAction.MaxPersonLength
                 || (row.EvidenceNote?.Trim().Length ?? 0) > FollowUpAction.MaxEvidenceLength)
        {
            error = text["FollowUp_TooLong", FollowUpAction.MaxTimelineLength, FollowUpAction.MaxPersonLength, FollowUpAction.MaxEvidenceLength];
        }
        else if (new[] { actionText, row.Timeline, row.PersonInCharge, row.EvidenceNote }.Any(HasControlCharacters))
        {
            // PostgreSQL refuses NUL in text (a 500 after validation), and other control characters garble the workbook and the page.
            error = text["Corpus_FollowUpControlCharacters"];
        }
        else if (!Enum.IsDefined(row.Status) || HasBindingError($"{nameof(Rows)}[{i}].{nameof(RowInput.Status)}"))
        {
            // A status that does not bind (unknown name or number) leaves the default Planned behind: it must not be saved as such.
            error = text["FollowUp_BadStatus"];
        }
        if (error is not null)
        {
            _errors[i] = error;
            return false;
        }
        return true;
    }

    private bool HasBindingError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>Line breaks and tabs are white space a pasted text may carry; every other control character is refused.</summary>
    private static bool HasControlCharacters(string? value) =>
        value is not null && value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        Choices = await ManagedMall.ChoicesAsync(User, db, ct);
        if (Mall is null)
        {
            return null;
        }
        var periods = await db.Surveys.AsNoTracking().Where(s => s.MallId == Mall.Id).Select(s => s.PeriodCode).Distinct().ToListAsync(ct);
        Periods = periods.OrderByDescending(p => Period.Parse(p).StartsOn).ThenBy(p => p, StringComparer.Ordinal).ToList();
        if (PeriodCode is not null && !Periods.Contains(PeriodCode))
        {
            return NotFound();
        }
        PeriodCode ??= Periods.FirstOrDefault();
        if (PeriodCode is null)
        {
            return null;
        }
        var plan = new FollowUpPlan(db);
        Scores = await plan.ElementScoresAsync(Mall.Id, PeriodCode, ct);
        Weakest = FollowUpPlan.Weakest(Scores);
        Outcomes = await plan.OutcomesAsync(Mall.Id, PeriodCode, ct);
        return null;
    }
}
