using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Pages.Admin.Pengguna;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// The page the password-reset mail links to: the user chooses a new password and is signed in.
/// The link carries Identity's password-reset token for that user, bound to the security stamp, so
/// it works once and expires after a day; a token checked against another user's id (a forged form)
/// fails like a used one. Saving the password ends every session of the account (a thief signed in
/// elsewhere is out), writes an audit entry, and, for an invited user who never chose a password,
/// completes the invitation: the mailbox was proved the same way. A disabled account is not reset.
/// </summary>
[AllowAnonymous]
public sealed class AturUlangKataSandiModel(MppSurveyDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn,
    IOptions<IdentityOptions> identity, TimeProvider clock, IStringLocalizer<SharedText> text, IStringLocalizer<EmailText> emailText) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public NewPasswordInput Input { get; set; } = new();

    /// <summary>Set when the link itself is bad: the form is not shown.</summary>
    public string? LinkProblem { get; private set; }
    public string? Email { get; private set; }
    public int RequiredLength => identity.Value.Password.RequiredLength;

    public async Task OnGetAsync() => await CheckLinkAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await CheckLinkAsync();
        if (user is null || !ModelState.IsValid)
        {
            return Page();
        }
        if (!Input.ConfirmMatches(ModelState, text))
        {
            return Page();
        }
        var now = clock.GetUtcNow();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Two submits of the form (a double click) wait for each other here; the second then reads the
            // security stamp the first changed, and its token fails like any used link.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM asp_net_users WHERE id = {user.Id} FOR UPDATE", ct);
            await db.Entry(user).ReloadAsync(ct);
            if (AccountDisabling.IsDisabled(user))
            {
                LinkProblem = emailText["Reset_LinkInvalid"];
                return Page();
            }
            await UserSessions.EndAllAsync(db, user.Id, ct);
            user.InvitedBy = null;
            user.InvitedAt = null;
            user.EmailConfirmed = true;
            // Whoever reads the mailbox may sign in again at once: the failure count and a 15-minute lockout go.
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            // The language the user reads this page in (an English mail's link opens it in English) is the language of their next mails.
            user.PreferredCulture = MailCultures.Normalize(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
            // Checks the token, then the password rules, and saves the user (with the fields above) only when both pass.
            var result = await users.ResetPasswordAsync(user, Token!, Input.Password);
            if (!result.Succeeded)
            {
                foreach (var e in result.Errors)
                {
                    if (e.Code is nameof(IdentityErrorDescriber.InvalidToken) or nameof(IdentityErrorDescriber.ConcurrencyFailure))
                    {
                        LinkProblem = emailText["Reset_LinkInvalid"];
                    }
                    else
                    {
                        ModelState.AddModelError("Input.Password", IdentityErrorText.For(e, text, identity.Value.Password.RequiredLength, identity.Value.Password.RequiredUniqueChars));
                    }
                }
                return Page();
            }
            // Nobody is signed in as this user here: the actor is the user, who proved the mailbox.
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                Actor = user.Email ?? user.Id,
                Action = "user.reset",
                Target = user.Email ?? user.Id,
                MallId = user.MallId,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        if (User.Identity?.IsAuthenticated == true)
        {
            // The browser already carries a session (ended above if it was this user's): the cookie
            // handler would reuse its id for the new sign-in, so this one signs in on the login page.
            return Redirect("/Account/Login?sandi=diganti");
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/");
    }

    /// <returns>The user, or null with <see cref="LinkProblem"/> set.</returns>
    private async Task<AppUser?> CheckLinkAsync()
    {
        var user = string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token) ? null : await users.FindByIdAsync(UserId);
        if (user is null || AccountDisabling.IsDisabled(user)
            || !await users.VerifyUserTokenAsync(user, identity.Value.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, Token!))
        {
            LinkProblem = emailText["Reset_LinkInvalid"];
            return null;
        }
        Email = user.Email;
        return user;
    }
}
