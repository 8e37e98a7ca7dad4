using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Admin.Templat;

/// <summary>
/// One template version: the question editor while it is a draft (every button posts the whole form,
/// so no typing is lost; a change is stored only when the template still validates, otherwise each
/// problem is shown beside its field), a phone-sized preview, and publishing with a warning, and a
/// required confirmation, when element codes are dropped (their index trend stops). A published
/// version is shown read-only; the editor refuses to change it, and so does the database.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed class DrafModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed class AnswerForm
    {
        public int Value { get; set; }
        public string? Id { get; set; }
        public string? En { get; set; }
    }

    public sealed class QuestionForm
    {
        /// <summary>The question's position in the file (the storage order of scored answers), kept while the display order moves.</summary>
        public int Slot { get; set; }
        public string? Code { get; set; }
        public string Type { get; set; } = "";
        public bool Required { get; set; }
        public bool Overall { get; set; }
        public string? TitleId { get; set; }
        public string? TitleEn { get; set; }
        public string? PromptId { get; set; }
        public string? PromptEn { get; set; }
        public int? Min { get; set; }
        public int? Max { get; set; }
        public int? MaxLength { get; set; }
        public List<AnswerForm> Answers { get; set; } = [];
    }

    [BindProperty] public string? NameId { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    /// <summary>In display order.</summary>
    [BindProperty] public List<QuestionForm> Questions { get; set; } = [];
    /// <summary>save, add-{type}, delete-{slot}, up-{slot}, down-{slot}, answer-add-{slot}, answer-delete-{slot}-{index}.</summary>
    [BindProperty] public string? Command { get; set; }
    [BindProperty] public bool ConfirmDropped { get; set; }
    /// <summary>Publishing is for good (a published version never changes): the form says so and the author ticks it.</summary>
    [BindProperty] public bool ConfirmPublish { get; set; }

    public SurveyTemplate Template { get; private set; } = null!;
    public SurveyTemplateVersion Version { get; private set; } = null!;
    public bool Editable { get; private set; }
    public int ScaleMin { get; private set; }
    public int ScaleMax { get; private set; }
    /// <summary>Problems by field (`questions[2].title`, `name`), in the user's language.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public SurveyTemplateVersion? Compared { get; private set; }
    public TemplateDrafts.CodeChanges Changes { get; private set; } = TemplateDrafts.CodeChanges.None;
    public string? PreviewUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, forEditing: false, ct) is { } refused)
        {
            return refused;
        }
        Fill(TemplateFile.Of(Version, Template.Code));
        Message = Request.Query["done"].ToString() switch
        {
            "saved" => text["Authoring_Saved"].Value,
            "published" => text["Authoring_PublishedNow"].Value,
            "exists" => text["Authoring_NewVersionExists", Version.Version].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        await using var edit = await LockTemplateAsync(id, ct);
        if (await LoadAsync(id, forEditing: true, ct) is { } refused)
        {
            return refused;
        }
        if (Version.IsPublished)
        {
            return RefusePublished();
        }
        var edited = FromForm();
        Apply(edited, Command ?? "save");
        IReadOnlyList<TemplateProblem> problems;
        try
        {
            problems = TemplateDrafts.Save(Template, Version, edited);
        }
        catch (TemplateVersionPublishedException)
        {
            return RefusePublished();
        }
        if (problems.Count > 0)
        {
            Fill(edited);
            foreach (var p in problems)
            {
                AddError(p.Field, text[p.Key, p.Args]);
            }
            Error = text["Authoring_NotSaved"];
            Changes = TemplateDrafts.Compare(Compared is null ? null : TemplateFile.Of(Compared, Template.Code), edited);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "template.edit", $"{Template.Code} v{Version.Version}", Template.OwnerMallId, Command);
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        return Redirect($"/Admin/Templat/Draf/{Version.Id.ToString(CultureInfo.InvariantCulture)}?done=saved#{Anchor(Command)}");
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct)
    {
        await using var edit = await LockTemplateAsync(id, ct);
        if (await LoadAsync(id, forEditing: true, ct) is { } refused)
        {
            return refused;
        }
        if (Version.IsPublished)
        {
            return RefusePublished();
        }
        var draft = TemplateFile.Of(Version, Template.Code);
        if (!ConfirmPublish)
        {
            Fill(draft);
            Error = text["Authoring_ConfirmPublishFirst"];
            AddError("confirm-publish", Error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var changes = TemplateDrafts.Compare(Compared is null ? null : TemplateFile.Of(Compared, Template.Code), draft);
        var now = clock.GetUtcNow();
        if (TemplateDrafts.Publish(Template, Version, changes, ConfirmDropped, now) == TemplateDrafts.PublishOutcome.NeedsConfirmation)
        {
            Fill(draft);
            Error = text["Authoring_ConfirmDroppedFirst", string.Join(", ", changes.Dropped)];
            AddError("confirm", Error);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        AuditLog.Record(db, User, now, "template.publish", $"{Template.Code} v{Version.Version}", Template.OwnerMallId,
            changes.Dropped.Count + changes.Added.Count == 0 ? null : $"dropped: {string.Join(" ", changes.Dropped)}; added: {string.Join(" ", changes.Added)}");
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        return Redirect($"/Admin/Templat/Draf/{Version.Id.ToString(CultureInfo.InvariantCulture)}?done=published");
    }

    /// <summary>
    /// A save and a publish of one template wait for each other, so a save never meets a version
    /// published meanwhile (the database would refuse it with an error page) and a version is
    /// published once.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> LockTemplateAsync(int versionId, CancellationToken ct)
    {
        var templateId = await db.SurveyTemplateVersions.Where(v => v.Id == versionId).Select(v => v.TemplateId).FirstOrDefaultAsync(ct);
        return await EditLock.AcquireAsync(db, EditLock.Area.TemplateVersions, templateId, ct);
    }

    /// <summary>The page as stored, with the refusal: a published version never takes an edit.</summary>
    private IActionResult RefusePublished()
    {
        Fill(TemplateFile.Of(Version, Template.Code));
        Editable = false;
        Error = text["Authoring_PublishedCannotChange", Template.Code, Version.Version];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>
    /// Refuses what the user may not see: another MPP's template does not exist for them (404); a
    /// national draft is the ministry's (403 for an MPP admin, who may read the published national
    /// versions but never post to them).
    /// </summary>
    private async Task<IActionResult?> LoadAsync(int id, bool forEditing, CancellationToken ct)
    {
        var template = await db.SurveyTemplates.Include(t => t.Versions).Include(t => t.OwnerMall)
            .FirstOrDefaultAsync(t => t.Versions.Any(v => v.Id == id), ct);
        var version = template?.Versions.First(v => v.Id == id);
        if (template is null || !TemplateAuthors.MayRead(User, template, version!))
        {
            return template?.OwnerMallId is null && template is not null && User.IsInRole(Roles.MppAdmin) ? Forbid() : NotFound();
        }
        Template = template;
        Version = version!;
        var mayAuthor = TemplateAuthors.MayAuthor(User, template);
        if (forEditing && !mayAuthor)
        {
            return Forbid();
        }
        Editable = mayAuthor && !version!.IsPublished;
        ScaleMin = version!.ScaleMin;
        ScaleMax = version.ScaleMax;
        Compared = template.Versions.Where(v => v.IsPublished && v.Id != version.Id && v.Version < version.Version)
            .OrderByDescending(v => v.Version).FirstOrDefault();
        if (!version.IsPublished)
        {
            Changes = TemplateDrafts.Compare(Compared is null ? null : TemplateFile.Of(Compared, template.Code), TemplateFile.Of(version, template.Code));
        }
        var regency = template.OwnerMall?.RegencyCode
            ?? await db.Malls.AsNoTracking().Where(m => m.IsActive).OrderBy(m => m.Id != (Reports.RegionScope.ScopedMallId(User) ?? 0)).ThenBy(m => m.RegencyCode)
                .Select(m => m.RegencyCode).FirstOrDefaultAsync(ct);
        PreviewUrl = regency is null ? null : $"/survei/{Uri.EscapeDataString(regency)}?pratinjau={version.Id.ToString(CultureInfo.InvariantCulture)}";
        return null;
    }

    /// <summary>The form in display order, slots pointing at file positions.</summary>
    private void Fill(TemplateFile file)
    {
        NameId = file.Name.Id;
        NameEn = file.Name.En;
        Questions = file.Questions
            .Select((q, slot) => new QuestionForm
            {
                Slot = slot,
                Code = q.Code,
                Type = q.Type,
                Required = q.Required,
                Overall = q.Overall,
                TitleId = q.Title.Id,
                TitleEn = q.Title.En,
                PromptId = q.Prompt.Id,
                PromptEn = q.Prompt.En,
                Min = q.Min is decimal min ? (int)min : null,
                Max = q.Max is decimal max ? (int)max : null,
                MaxLength = q.MaxLength,
                Answers = q.Answers.Select(a => new AnswerForm { Value = a.Value, Id = a.Id, En = a.En }).ToList(),
            })
            .OrderBy(f => file.Questions[f.Slot].Order)
            .ToList();
    }

    /// <summary>The stored version with the form's texts and questions: file order by slot, display order as posted.</summary>
    private TemplateFile FromForm()
    {
        var file = TemplateFile.Of(Version, Template.Code).Copy();
        file.Name = new TemplateFile.Text { Id = (NameId ?? "").Trim(), En = (NameEn ?? "").Trim() };
        file.Questions = Questions
            .Select((f, shown) => (f, shown))
            .OrderBy(x => x.f.Slot)
            .Select(x => new TemplateFile.Question
            {
                Code = (x.f.Code ?? "").Trim(),
                Type = x.f.Type,
                Order = x.shown + 1,
                Required = x.f.Required,
                Overall = x.f.Overall,
                Title = new TemplateFile.Text { Id = (x.f.TitleId ?? "").Trim(), En = (x.f.TitleEn ?? "").Trim() },
                Prompt = new TemplateFile.Text { Id = (x.f.PromptId ?? "").Trim(), En = (x.f.PromptEn ?? "").Trim() },
                Min = x.f.Type == "number" ? x.f.Min : null,
                Max = x.f.Type == "number" ? x.f.Max : null,
                MaxLength = x.f.Type == "text" ? x.f.MaxLength : null,
                Answers = x.f.Answers.Select(a => new TemplateFile.Answer { Value = a.Value, Id = (a.Id ?? "").Trim(), En = (a.En ?? "").Trim() }).ToList(),
            })
            .ToList();
        return file;
    }

    private static void Apply(TemplateFile file, string command)
    {
        var parts = command.Split('-');
        int Slot(int i) => int.TryParse(parts.ElementAtOrDefault(i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 && n < file.Questions.Count ? n : -1;
        switch (parts[0])
        {
            case "add" when parts.Length == 2 && TemplateFile.QuestionTypes.Contains(parts[1]):
                TemplateDrafts.AddQuestion(file, parts[1]);
                break;
            case "delete" when Slot(1) >= 0:
                TemplateDrafts.RemoveQuestion(file, Slot(1));
                break;
            case "up" when Slot(1) >= 0:
                TemplateDrafts.MoveQuestion(file, Slot(1), -1);
                break;
            case "down" when Slot(1) >= 0:
                TemplateDrafts.MoveQuestion(file, Slot(1), +1);
                break;
            case "answer" when parts.Length >= 3 && parts[1] == "add" && Slot(2) >= 0 && file.Questions[Slot(2)].Type is "single" or "multiple":
                TemplateDrafts.AddAnswer(file.Questions[Slot(2)]);
                break;
            case "answer" when parts.Length == 4 && parts[1] == "delete" && Slot(2) >= 0 && file.Questions[Slot(2)].Type is "single" or "multiple"
                                && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var j) && j < file.Questions[Slot(2)].Answers.Count:
                file.Questions[Slot(2)].Answers.RemoveAt(j);
                break;
        }
    }

    private static string Anchor(string? command) => command?.StartsWith("add", StringComparison.Ordinal) == true ? "add" : "questions";

    private void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.Add(message);
    }

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>Errors of a question's answers: the whole list, and each answer.</summary>
    public IEnumerable<string> AnswerErrorsOf(int slot) =>
        Errors.Where(e => e.Key.StartsWith(string.Create(CultureInfo.InvariantCulture, $"questions[{slot}].answers"), StringComparison.Ordinal)).SelectMany(e => e.Value);
}
