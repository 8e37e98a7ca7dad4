using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>The audit log, newest first, a page at a time; administrators only, since it names every user's actions.</summary>
[Authorize(Roles = Roles.Administrator)]
public sealed class AuditModel(MppSurveyDbContext db) : PageModel
{
    public const int PageSize = 100;

    public sealed record MallChoice(int Id, string Name);

    [BindProperty(SupportsGet = true, Name = "halaman")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "aksi")] public string? ActionPrefix { get; set; }
    [BindProperty(SupportsGet = true, Name = "mpp")] public int? MallId { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<MallChoice> Malls { get; private set; } = [];
    public IReadOnlyDictionary<int, string> MallNames { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<string> KnownActions { get; private set; } = [];
    public bool HasNextPage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // A hand-typed ?halaman=2147483647 would overflow the offset into a negative one (an error page): past the end is simply empty.
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / (PageSize + 1));
        Malls = await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).Select(m => new MallChoice(m.Id, m.Name)).ToListAsync(ct);
        MallNames = Malls.ToDictionary(m => m.Id, m => m.Name);
        KnownActions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).Take(200).ToListAsync(ct);

        var query = db.AuditEntries.AsNoTracking();
        var prefix = ActionPrefix?.Trim();
        if (!string.IsNullOrEmpty(prefix))
        {
            // EF escapes the LIKE wildcards of StartsWith, so "%" in the filter matches only a "%".
            query = query.Where(a => a.Action.StartsWith(prefix));
        }
        if (MallId is int mall)
        {
            query = query.Where(a => a.MallId == mall);
        }
        // One row more than a page tells whether there is a next page without counting the whole log.
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasNextPage = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
    }

    /// <summary>The link to another page of the same filtered view.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["halaman"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrEmpty(ActionPrefix))
        {
            query["aksi"] = ActionPrefix;
        }
        if (MallId is int mall)
        {
            query["mpp"] = mall.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Admin/Audit", query);
    }
}
