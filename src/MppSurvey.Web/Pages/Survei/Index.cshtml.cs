using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Hosting;
using MppSurvey.Web.Pages.Admin.Templat;

namespace MppSurvey.Web.Pages.Survei;

/// <summary>
/// The visitor's SKM survey at one MPP, on a phone (QR code of a counter, optionally bound to a
/// service with ?layanan=), on an enrolled kiosk (?kios=1) or on an officer's tablet (?petugas=1).
/// ?model= (jemput-bola, mandiri, digital) says how the service was delivered; a kiosk's model is
/// the one set for it on /Admin/Kiosks (the API applies it), and an officer sets one for the whole session. Everything is rendered here; the
/// small script in wwwroot/survey only sends the answers to the JSON API and keeps them when offline.
/// </summary>
public sealed class IndexModel(MppSurveyDbContext db, TimeProvider clock, IOptions<SurveyOptions> settings) : PageModel
{
    public sealed record ServiceChoice(int Id, string Name);

    public sealed record AgencyChoices(int Id, string Name, IReadOnlyList<ServiceChoice> Services);

    public sealed record BoundService(int AgencyId, int ServiceId, string AgencyName, string ServiceName);

    /// <summary>
    /// Timings of the kiosk and of the offline queue, from section Survey (KioskIdleSeconds,
    /// KioskThanksSeconds, KioskCooldownSeconds, QueueRetrySeconds; <see cref="SurveyOptions"/>), so tests can run them in seconds.
    /// </summary>
    public sealed record Timings(int KioskIdleSeconds, int ThanksSeconds, int CooldownSeconds, int RetrySeconds);

    public string RegencyCode { get; private set; } = "";
    public string MallName { get; private set; } = "";
    public bool Kiosk { get; private set; }
    public bool English { get; private set; }
    public TemplateFile? Template { get; private set; }
    public IReadOnlyList<TemplateFile.Question> Questions { get; private set; } = [];
    public IReadOnlyList<AgencyChoices> Agencies { get; private set; } = [];
    public BoundService? Bound { get; private set; }
    public AgencyChoices? BoundAgency { get; private set; }
    public Timings Timing { get; private set; } = new(90, 8, 20, 30);
    /// <summary>
    /// ?pratinjau={versionId}: an author sees a template version (a draft too) as a visitor would,
    /// with a banner and no way to submit; for anyone who may not read that version it does not exist.
    /// </summary>
    public bool Preview => PreviewVersionId is not null;
    public int? PreviewVersionId { get; private set; }

    /// <summary>The service model the URL carries (a QR code's ?model=); langsung when absent or when the word names no model.</summary>
    public ServiceModel UrlModel { get; private set; } = ServiceModel.Direct;

    /// <summary>
    /// ?petugas=1: an officer fills the form in with the visitor (channel officer) and sets the service model once
    /// for the session (a mobile-service event: jemput bola), shown above every form.
    /// </summary>
    public bool Officer { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regency, int? layanan, [FromQuery(Name = "instansi")] int? agencyId, string? kios,
        [FromQuery(Name = "templat")] string? templateCode, int? pratinjau, string? undangan, [FromQuery(Name = "model")] string? model,
        [FromQuery(Name = "petugas")] string? petugas, CancellationToken ct)
    {
        var mall = await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.RegencyCode == regency && m.IsActive, ct);
        if (mall is null)
        {
            return NotFound();
        }
        RegencyCode = mall.RegencyCode;
        MallName = mall.Name;
        if (undangan is not null)
        {
            // A digital invitation's link: the SKM survey bound to its service on a phone, or why not (_InvitationClosed).
            var (state, invitedService) = await Core.Invitations.InvitationBinding.OpenAsync(db, undangan, mall.Id, clock.GetUtcNow(), ct);
            Response.Headers.CacheControl = "private, no-store";
            if (state != Core.Invitations.InvitationBinding.LinkState.Open)
            {
                return InvitationClosed(state);
            }
            (Invitation, layanan, agencyId, kios, templateCode, pratinjau) = (undangan, invitedService, null, null, null, null);
        }
        Kiosk = kios is "1" or "true";
        // A kiosk's responses carry the kiosk's own model (set by the MPP admin), never one from its URL.
        Officer = !Kiosk && petugas is "1" or "true";
        UrlModel = Kiosk ? ServiceModel.Direct : ServiceModelSlugs.ParseSlug(model) ?? ServiceModel.Direct;
        if (Invitation is not null)
        {
            // An invitation's response is always a digital service's, whatever the link was given.
            (Officer, UrlModel) = (false, ServiceModel.Digital);
        }
        English = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        // Survey:KioskCooldownSeconds is the API's own cooldown: the kiosk page holds a visitor back
        // for exactly as long as the server would refuse the kiosk's next response.
        var timings = settings.Value;
        Timing = new Timings(timings.KioskIdleSeconds, timings.KioskThanksSeconds,
            (int)Math.Ceiling(timings.KioskCooldownSeconds), timings.QueueRetrySeconds);

        SurveyTemplateVersion? version;
        Core.Surveys.Survey? survey = null;
        if (pratinjau is int previewId)
        {
            var previewed = User.Identity?.IsAuthenticated == true
                ? await db.SurveyTemplateVersions.AsNoTracking().Include(v => v.Template).FirstOrDefaultAsync(v => v.Id == previewId, ct)
                : null;
            if (previewed is null || !TemplateAuthors.MayRead(User, previewed.Template!, previewed))
            {
                return NotFound();
            }
            PreviewVersionId = previewed.Id;
            Kiosk = false;
            Officer = false;
            Response.Headers.CacheControl = "private, no-store";
            version = previewed;
        }
        else
        {
            // ?templat= picks another questionnaire running at the MPP (spkp, an MPP's own); SKM is the default.
            survey = await OpenSurveyAsync(mall, string.IsNullOrEmpty(templateCode) ? "skm" : templateCode, ct);
            if (survey is null)
            {
                return Page();
            }
            version = survey.TemplateVersion!;
        }
        Template = TemplateFile.Of(version, version.Template!.Code);
        Questions = Template.Questions.OrderBy(q => q.Order).ToList();

        var services = await db.Services.AsNoTracking()
            .Where(s => s.IsActive && s.Agency!.IsActive && s.Agency.MallId == mall.Id)
            .Select(s => new { s.Id, s.Name, s.AgencyId, AgencyName = s.Agency!.Name })
            .ToListAsync(ct);
        // A survey limited to some counters offers only those; the recorder refuses the others.
        services = services.Where(s => survey?.Covers(s.AgencyId, s.Id) ?? true).ToList();
        Agencies = services
            .GroupBy(s => (s.AgencyId, s.AgencyName))
            .OrderBy(g => g.Key.AgencyName, StringComparer.Ordinal)
            .Select(g => new AgencyChoices(g.Key.AgencyId, g.Key.AgencyName,
                g.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new ServiceChoice(s.Id, s.Name)).ToList()))
            .ToList();
        // A QR code of another MPP's counter, or of a closed service, falls back to the picker.
        if (layanan is int serviceId && services.FirstOrDefault(s => s.Id == serviceId) is { } bound)
        {
            Bound = new BoundService(bound.AgencyId, bound.Id, bound.AgencyName, bound.Name);
        }
        else if (Invitation is not null)
        {
            // An invitation never falls back to the picker: its response belongs to its own service only.
            return InvitationClosed(null);
        }
        else if (agencyId is int a && Agencies.FirstOrDefault(x => x.Id == a) is { } agency)
        {
            // An agency's QR code: the visitor picks among that agency's services only.
            BoundAgency = agency;
            Agencies = [agency];
        }
        return Page();
    }

    /// <summary>The token of the digital invitation link the page was opened with; the script sends it with the response.</summary>
    public string? Invitation { get; private set; }

    /// <summary>Null: the invitation's service is not surveyed now.</summary>
    public Core.Invitations.InvitationBinding.LinkState? InvitationState { get; private set; }

    /// <summary>A link that cannot take a response gets a page saying why, in the visitor's language, never the form.</summary>
    private PartialViewResult InvitationClosed(Core.Invitations.InvitationBinding.LinkState? state)
    {
        InvitationState = state;
        English = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var result = Partial("_InvitationClosed", this);
        result.StatusCode = state switch
        {
            Core.Invitations.InvitationBinding.LinkState.Unknown => StatusCodes.Status404NotFound,
            Core.Invitations.InvitationBinding.LinkState.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status200OK,
        };
        return result;
    }

    /// <summary>
    /// The page has no form post path: its script sends to POST /api/v1/responses, which checks every
    /// field (an empty response included). A form posted here (no script, or forged) stores nothing
    /// and is told so, instead of getting a survey page rendered without its survey.
    /// </summary>
    public IActionResult OnPost()
    {
        Response.Headers.Allow = "GET";
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>The recorder's rule (<see cref="RunningSurveys"/>), open surveys only: the one that takes today's responses.</summary>
    private async Task<Core.Surveys.Survey?> OpenSurveyAsync(Core.Malls.Mall mall, string templateCode, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(mall.LocalTime(clock.GetUtcNow()));
        return (await RunningSurveys.ForDateAsync(db, mall.Id, templateCode, today, ct)).FirstOrDefault(s => s.ClosedAt is null);
    }

    public string Text(TemplateFile.Text text) => English ? text.En : text.Id;

    public string Text(TemplateFile.Answer answer) => English ? answer.En : answer.Id;

    /// <summary>This page in the other language: the query string carries it, so a kiosk never keeps a visitor's choice in a cookie.</summary>
    public string OtherLanguageUrl()
    {
        var query = new List<string>();
        if (Invitation is not null)
        {
            query.Add("undangan=" + Uri.EscapeDataString(Invitation));
        }
        else if (Bound is not null)
        {
            query.Add("layanan=" + Bound.ServiceId.ToString(CultureInfo.InvariantCulture));
        }
        else if (BoundAgency is not null)
        {
            query.Add("instansi=" + BoundAgency.Id.ToString(CultureInfo.InvariantCulture));
        }
        if (Template is not null && Template.Code != "skm")
        {
            query.Add("templat=" + Uri.EscapeDataString(Template.Code));
        }
        if (UrlModel != ServiceModel.Direct)
        {
            query.Add("model=" + ServiceModelSlugs.Slug(UrlModel));
        }
        if (Kiosk)
        {
            query.Add("kios=1");
        }
        if (Officer)
        {
            query.Add("petugas=1");
        }
        if (PreviewVersionId is int preview)
        {
            query.Add("pratinjau=" + preview.ToString(CultureInfo.InvariantCulture));
        }
        query.Add("culture=" + (English ? "id" : "en"));
        return $"/survei/{Uri.EscapeDataString(RegencyCode)}?{string.Join("&", query)}";
    }

    /// <summary>Where a kiosk goes back to after a visitor: its own page in Bahasa Indonesia.</summary>
    public string ApiUrl() => "/api/v1/responses?culture=" + (English ? "en" : "id");

    public string KioskHomeUrl() => $"/survei/{Uri.EscapeDataString(RegencyCode)}?kios=1";
}
