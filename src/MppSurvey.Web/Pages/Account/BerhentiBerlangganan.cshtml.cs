using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Web.Email;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// The digest's unsubscribe link (notices), without signing in: the signed token
/// (<see cref="DigestUnsubscribe"/>) names the user, and the only thing it can do is turn that user's
/// weekly digest off. Opening the link shows one button and changes nothing, because mail scanners and
/// link previews open links by themselves; the button, or a mail client's one-click unsubscribe
/// (RFC 8058: a POST of `List-Unsubscribe=One-Click` to the same address, with no cookie and no
/// antiforgery token), turns it off. A forged, altered or expired token gets a page saying so (400)
/// and changes nothing. Antiforgery is not needed: the token in the address is the authority, and a
/// forged post can only do what its token already allows.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class BerhentiBerlanggananModel(MppSurveyDbContext db, DigestUnsubscribe tokens) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }

    public bool Invalid { get; private set; }
    public bool Done { get; private set; }
    public string Email { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await FindAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = await FindAsync(ct);
        if (userId is null)
        {
            return Page();
        }
        // Idempotent: a second click, or the mail client's post after the button, changes nothing more.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, false), ct);
        Done = true;
        return Page();
    }

    private async Task<string?> FindAsync(CancellationToken ct)
    {
        var userId = tokens.UserIdOf(Token);
        var email = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (userId is null || email is null)
        {
            // A deleted account's token reads like a forged one: there is nothing to turn off.
            Invalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
        Email = email;
        return userId;
    }
}
