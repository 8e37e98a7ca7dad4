using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>Recompute the indices on demand (the nightly run does it anyway) and follow the runs' progress.</summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry)]
public sealed class IndicesModel(MppSurveyDbContext db, IBackgroundJobClient jobs) : PageModel
{
    public IReadOnlyList<string> Periods { get; private set; } = [];
    public IReadOnlyList<JobRun> Runs { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Queued { get; set; }

    public async Task OnGetAsync()
    {
        Periods = await db.Surveys.Select(s => s.PeriodCode).Distinct().OrderByDescending(p => p).ToListAsync();
        Runs = await db.JobRuns.AsNoTracking().Where(r => r.Kind == RecomputeIndices.JobKind)
            .OrderByDescending(r => r.StartedAt).Take(10).ToListAsync();
    }

    public IActionResult OnPost(string? period, bool includeFlagged)
    {
        string[]? periods = null;
        if (!string.IsNullOrEmpty(period))
        {
            if (!Period.TryParse(period, out _))
            {
                return BadRequest();
            }
            periods = [period];
        }
        jobs.Enqueue<IndexJob>(job => job.RunAsync(periods, includeFlagged, CancellationToken.None));
        return RedirectToPage(new { queued = true });
    }
}
