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
/// (handler Qr), so the poster embeds it as an image and no markup is ever injected raw.
/// </summary>
public sealed class PosterModel(MppSurveyDbContext db, PublicLinks links) : PageModel
{
    public PublishedResults.MallSummary Mall { get; private set; } = null!;
    public PublishedResults.PeriodFigures? Period { get; private set; }
    public string SurveyUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string regency, [FromQuery(Name = "periode")] string? periodCode, CancellationToken ct)
    {
        var figures = await new PublishedResults(db).ForMallAsync(regency, ct);
        if (figures is null)
        {
            return NotFound();
        }
        Mall = figures.Mall;
        // Only a published period can be chosen: anything else falls back to the latest published one.
        Period = figures.Periods.FirstOrDefault(p => p.PeriodCode == periodCode) ?? figures.Periods.FirstOrDefault();
        SurveyUrl = SurveyLink(Mall.RegencyCode);
        return Page();
    }

    public async Task<IActionResult> OnGetQrAsync(string regency, CancellationToken ct)
    {
        if (await new PublishedResults(db).ForMallAsync(regency, ct) is null)
        {
            return NotFound();
        }
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(SurveyLink(regency), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(10);
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(svg, "image/svg+xml");
    }

    private string SurveyLink(string regency) =>
        links.Absolute(Request, $"/survei/{Uri.EscapeDataString(regency)}")!;
}
