using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Database;

namespace MppSurvey.Web.Pages.Publik;

/// <summary>GET /publik: every MPP by province, with how many periods it has published. No login.</summary>
public sealed class IndexModel(MppSurveyDbContext db) : PageModel
{
    public IReadOnlyList<IGrouping<string, PublishedResults.MallSummary>> Provinces { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var malls = await new PublishedResults(db).MallsAsync(ct);
        Provinces = malls.GroupBy(m => m.ProvinceName).ToList();
    }
}
