using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Pages.Admin.Pengguna;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// An invited user chooses their password through the link the inviter passed on. The link carries
/// a password-reset token, which choosing the password invalidates (the security stamp changes), so
/// it works once; it is refused outright for an account that is no longer waiting for a password.
/// </summary>
[AllowAnonymous]
public sealed class UndanganModel(MppSurveyDbContext db, UserManager<AppUser> users, IOptions<IdentityOptions> identity, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.InvitedBy = null;
        user.InvitedAt = null;
        user.EmailConfirmed = true;
        // The language the invitee reads this page in (the link of an English invitation opens it in English) is the language of their mails.
        user.PreferredCulture = MailCultures.Normalize(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        // ResetPasswordAsync checks the token, then the password rules, and saves the user (with the fields above) only when both pass.
        var result = await users.ResetPasswordAsync(user, Token!, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                if (e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                {
                    LinkProblem = IdentityErrorText.For(e, text);
                }
                else
                {
                    ModelState.AddModelError("Input.Password", IdentityErrorText.For(e, text, identity.Value.Password.RequiredLength, identity.Value.Password.RequiredUniqueChars));
                }
            }
            return Page();
        }
        // Nobody is signed in here: the actor is the invited user themselves.
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = user.Email ?? user.Id,
            Action = "user.accept",
            Target = user.Email ?? user.Id,
            MallId = user.MallId,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Redirect("/Account/Login?undangan=diterima");
    }

    /// <returns>The invited user, or null with <see cref="LinkProblem"/> set.</returns>
    private async Task<AppUser?> CheckLinkAsync()
    {
        var user = string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token) ? null : await users.FindByIdAsync(UserId);
        if (user is null || user.InvitedAt is null
            || !await users.VerifyUserTokenAsync(user, identity.Value.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, Token!))
        {
            LinkProblem = text["Users_InvitationInvalid"];
            return null;
        }
        Email = user.Email;
        return user;
    }
}
