using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Database;
using QRCoder;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Publik;

/// <summary>
/// GET /publik/{regency}/poster: an A4 poster of the latest (or the chosen) published period to hang in
/// the MPP, with a QR code of the survey link. The QR code is an SVG served by the same page
/// (handler Qr), so the poster embeds it as an image and no markup is ever injected raw. ?model=
/// (jemput-bola, mandiri, digital) puts the service model in the survey link, as the admin's QR sheet does;
/// a word that names no model is left out (the survey's default, langsung).
/// </summary>
public sealed class PosterModel(MppSurveyDbContext db, PublicLinks links) : PageModel
{
    public PublishedResults.MallSummary Mall { get; private set; } = null!;
    public PublishedResults.PeriodFigures? Period { get; private set; }
    public string SurveyUrl { get; private set; } = "";

    /// <summary>The poster's and its QR code's ?model=, when it names a service model other than langsung.</summary>
    public string? ModelSlug { get; private set; }

    public async Task<IActionResult> OnGetAsync(string regency, [FromQuery(Name = "periode")] string? periodCode, [FromQuery(Name = "model")] string? model, CancellationToken ct)
    {
        var figures = await new PublishedResults(db).ForMallAsync(regency, ct);
        if (figures is null)
        {
            return NotFound();
        }
        Mall = figures.Mall;
        // Only a published period can be chosen: anything else falls back to the latest published one.
        Period = figures.Periods.FirstOrDefault(p => p.PeriodCode == periodCode) ?? figures.Periods.FirstOrDefault();
        ModelSlug = ModelOf(model);
        SurveyUrl = SurveyLink(Mall.RegencyCode, ModelSlug);
        return Page();
    }

    public async Task<IActionResult> OnGetQrAsync(string regency, [FromQuery(Name = "model")] string? model, CancellationToken ct)
    {
        if (await new PublishedResults(db).ForMallAsync(regency, ct) is null)
        {
            return NotFound();
        }
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(SurveyLink(regency, ModelOf(model)), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(10);
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(svg, "image/svg+xml");
    }

    private string SurveyLink(string regency, string? model) =>
        links.Absolute(Request, $"/survei/{Uri.EscapeDataString(regency)}" + (model is null ? "" : "?model=" + model))!;

    private static string? ModelOf(string? text) =>
        Core.Responses.ServiceModelSlugs.ParseSlug(text) is { } m && m != Core.Responses.ServiceModel.Direct ? Core.Responses.ServiceModelSlugs.Slug(m) : null;
}
