using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Database;

namespace MppSurvey.Web.Pages.Publik;

/// <summary>
/// GET /publik/{regency}: one MPP's published periods (index, grade, respondents, element scores and
/// the late amendment). No login; an unpublished period is simply absent.
/// </summary>
public sealed class MallModel(MppSurveyDbContext db) : PageModel
{
    public PublishedResults.MallFigures Figures { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string regency, CancellationToken ct)
    {
        var figures = await new PublishedResults(db).ForMallAsync(regency, ct);
        if (figures is null)
        {
            return NotFound();
        }
        Figures = figures;
        return Page();
    }
}
