using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using QRCoder;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// QR codes that take a visitor to the survey: one for the whole MPP, one per agency (the visitor
/// picks among its services) and one per service (the survey is bound to that counter). GET shows
/// an A4 sheet of every active counter to print and cut; handler Png serves one code as a PNG.
/// Only the MPP's own counters: another MPP's agency or service is not found. ?model= (jemput-bola,
/// mandiri, digital) makes every code carry that service model, e.g. a sheet for a mobile-service event.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.MppAdmin)]
public sealed class QrModel(MppSurveyDbContext db, PublicLinks links) : PageModel
{
    public sealed record Card(string Kind, string Title, string? Subtitle, string Url, string PngUrl, int? AgencyId, int? ServiceId);

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }

    /// <summary>The service model the codes carry (?model=); absent is langsung, which the URL then leaves out.</summary>
    [BindProperty(SupportsGet = true, Name = "model")] public string? ModelSlug { get; set; }

    public Core.Responses.ServiceModel ServiceModel { get; private set; } = Core.Responses.ServiceModel.Direct;

    /// <summary>A ?model= that names no model: said beside the picker, and the sheet is the langsung one.</summary>
    public bool UnknownModel { get; private set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<Card> Cards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadMallAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Mall is null)
        {
            return NotFound();
        }
        if (!string.IsNullOrEmpty(ModelSlug))
        {
            UnknownModel = Core.Responses.ServiceModelSlugs.ParseSlug(ModelSlug) is null;
            ServiceModel = Core.Responses.ServiceModelSlugs.ParseSlug(ModelSlug) ?? Core.Responses.ServiceModel.Direct;
        }
        var services = await db.Services.AsNoTracking()
            .Where(s => s.IsActive && s.Agency!.IsActive && s.Agency.MallId == Mall.Id)
            .Select(s => new { s.Id, s.Name, s.AgencyId, Agency = s.Agency!.Name })
            .ToListAsync(ct);
        var cards = new List<Card> { new("mpp", Mall.Name, null, SurveyUrl(null, null), PngUrl(null, null), null, null) };
        foreach (var agency in services.GroupBy(s => (s.AgencyId, s.Agency)).OrderBy(g => g.Key.Agency, StringComparer.Ordinal))
        {
            cards.Add(new("agency", agency.Key.Agency, null, SurveyUrl(agency.Key.AgencyId, null), PngUrl(agency.Key.AgencyId, null), agency.Key.AgencyId, null));
            cards.AddRange(agency.OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new Card("service", s.Name, agency.Key.Agency, SurveyUrl(null, s.Id), PngUrl(null, s.Id), s.AgencyId, s.Id)));
        }
        Cards = cards;
        return Page();
    }

    public async Task<IActionResult> OnGetPngAsync([FromQuery(Name = "instansi")] int? agencyId, [FromQuery(Name = "layanan")] int? serviceId, CancellationToken ct)
    {
        if (await LoadMallAsync(ct) is { } refused)
        {
            return refused;
        }
        var model = string.IsNullOrEmpty(ModelSlug) ? Core.Responses.ServiceModel.Direct : Core.Responses.ServiceModelSlugs.ParseSlug(ModelSlug);
        if (Mall is null || model is null
            || (agencyId is int a && !await db.Agencies.AnyAsync(x => x.Id == a && x.MallId == Mall.Id, ct))
            || (serviceId is int s && !await db.Services.AnyAsync(x => x.Id == s && x.Agency!.MallId == Mall.Id, ct)))
        {
            return NotFound();
        }
        ServiceModel = model.Value;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(SurveyUrl(agencyId, serviceId), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        var name = (serviceId is int si ? $"layanan-{si}" : agencyId is int ai ? $"instansi-{ai}" : "mpp") + ModelSuffix("-");
        return File(png, "image/png", string.Create(CultureInfo.InvariantCulture, $"qr-{Mall.RegencyCode}-{name}.png"));
    }

    /// <summary>The link a code carries. The survey page reads ?layanan=, ?instansi= and ?model= (see Survei.IndexModel).</summary>
    private string SurveyUrl(int? agencyId, int? serviceId)
    {
        var query = serviceId is int s ? $"?layanan={s.ToString(CultureInfo.InvariantCulture)}"
            : agencyId is int a ? $"?instansi={a.ToString(CultureInfo.InvariantCulture)}"
            : "";
        if (ModelSuffix("") is { Length: > 0 } slug)
        {
            query += (query.Length == 0 ? "?" : "&") + "model=" + slug;
        }
        return links.Absolute(Request, $"/survei/{Uri.EscapeDataString(Mall!.RegencyCode)}{query}")!;
    }

    /// <summary>The model's URL word after a separator; empty for langsung, the survey's default.</summary>
    private string ModelSuffix(string separator) =>
        ServiceModel == Core.Responses.ServiceModel.Direct ? "" : separator + Core.Responses.ServiceModelSlugs.Slug(ServiceModel);

    /// <summary>The public poster's link for the chosen model.</summary>
    public string PosterUrl => $"/publik/{Uri.EscapeDataString(Mall!.RegencyCode)}/poster{ModelSuffix("?model=")}";

    private string PngUrl(int? agencyId, int? serviceId)
    {
        var url = $"/Admin/Qr?handler=Png&mpp={Uri.EscapeDataString(Mall!.RegencyCode)}";
        if (serviceId is int s)
        {
            url += "&layanan=" + s.ToString(CultureInfo.InvariantCulture);
        }
        else if (agencyId is int a)
        {
            url += "&instansi=" + a.ToString(CultureInfo.InvariantCulture);
        }
        return url + ModelSuffix("&model=");
    }

    private async Task<IActionResult?> LoadMallAsync(CancellationToken ct)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        return null;
    }
}
