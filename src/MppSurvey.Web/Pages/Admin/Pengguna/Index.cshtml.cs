using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// The user list and the invitation form. Inviting creates the account without a password; the link
/// with which the new user chooses one is e-mailed to them in the language the inviter chose, when
/// e-mail is configured, and shown to the inviter once either way (one person in a regency's IT
/// office can pass it on when the mail lands in a spam folder). The mail is sent after the account
/// is committed: a mail server that is down costs the e-mail, never the invitation.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry)]
public sealed class IndexModel(MppSurveyDbContext db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedText> text, IStringLocalizer<EmailText> emailText, PublicLinks links,
    MailDelivery mail, MailWriter writer) : PageModel
{
    public enum State { Invited, Active, LockedOut, Disabled }

    /// <summary>What became of the invitation e-mail.</summary>
    public enum Mailing { Off, Sent, Failed }

    public sealed record Row(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? Scope, State State, bool Manageable);

    public sealed record MallChoice(int Id, string Name, string RegencyCode);

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [EmailAddress(ErrorMessage = "Validation_Email")]
        [StringLength(256, ErrorMessage = "Users_TooLong")]
        [Display(Name = "Users_Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation_Required")]
        [StringLength(100, ErrorMessage = "Users_TooLong")]
        // The name goes into mail headers' display text and the audit log: one line only.
        [RegularExpression(@"[^\p{Cc}]*", ErrorMessage = "Users_OneLine")]
        [Display(Name = "Users_DisplayName")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Users_Role")]
        public string Role { get; set; } = "";

        [Display(Name = "Users_Regency")]
        public string? RegencyCode { get; set; }

        [Display(Name = "Users_Mall")]
        public int? MallId { get; set; }

        /// <summary>The language of the user's e-mails, "id" or "en".</summary>
        public string? Culture { get; set; }
    }

    [BindProperty] public InviteInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<MallChoice> Malls { get; private set; } = [];
    public IReadOnlyList<string> AssignableRoles { get; private set; } = [];
    public string? InvitationLink { get; private set; }
    public string? InvitedEmail { get; private set; }
    public Mailing InvitationMail { get; private set; }
    public bool MailEnabled => mail.Enabled;
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // Two clicks of "Undang" wait for each other: the second meets "email already used", not a unique-key violation.
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.Users, 0, ct);
        // An empty field binds as null despite the non-null declaration ([Required] reports it below).
        var email = (Input.Email ?? "").Trim();
        var scope = await RoleScope.ResolveAsync(User, Input.Role, Input.RegencyCode, Input.MallId, nameof(Input), ModelState, db, text, ct);
        var culture = string.IsNullOrEmpty(Input.Culture) ? MailCultures.Indonesian : Input.Culture;
        if (!MailCultures.All.Contains(culture))
        {
            ModelState.AddModelError("Input.Culture", emailText["Invite_LanguageInvalid"]);
        }
        if (ModelState.IsValid && await users.FindByEmailAsync(email) is not null)
        {
            ModelState.AddModelError("Input.Email", text["Users_EmailTaken"]);
        }
        if (!ModelState.IsValid || scope is null)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = Input.DisplayName.Trim(),
            RegencyCode = scope.RegencyCode,
            MallId = scope.MallId,
            InvitedBy = User.Identity!.Name,
            InvitedAt = now,
            EmailConfirmed = false,
            LockoutEnabled = true,
            PreferredCulture = culture,
        };
        // UserManager saves on its own; the transaction makes the account, its role and the audit
        // entry one commit, so a failure half-way leaves no role-less user behind.
        {
            var tx = db.Database.CurrentTransaction!;
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                foreach (var e in created.Errors)
                {
                    ModelState.AddModelError("Input.Email", IdentityErrorText.For(e, text));
                }
                return Page();
            }
            IdentityOutcome.Ensure(await users.AddToRoleAsync(user, Input.Role));
            AuditLog.Record(db, User, now, "user.invite", email, scope.MallId, $"{Input.Role} {scope.Describe()}; {user.DisplayName}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        // The reset token is bound to the security stamp: choosing the password changes the stamp, so the link works once.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        InvitedEmail = email;
        InvitationLink = links.Absolute(Request, $"/Account/Undangan?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}{PasswordResetMail.CultureQuery(culture)}")!;
        InvitationMail = await MailInvitationAsync(user, Input.Role, InvitationLink, ct);
        ModelState.Clear();
        Input = new InviteInput();
        await LoadAsync(ct);
        return Page();
    }

    private async Task<Mailing> MailInvitationAsync(AppUser user, string role, string link, CancellationToken ct)
    {
        if (!mail.Enabled)
        {
            return Mailing.Off;
        }
        try
        {
            await mail.SendAsync(writer.Invitation(MailWriter.Recipient.Of(user), User.Identity!.Name ?? "", role, link), "invitation", ct);
            return Mailing.Sent;
        }
        catch (MailNotSentException)
        {
            // Logged by MailDelivery; the inviter reads it on the page and passes the link on by hand.
            return Mailing.Failed;
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Message = Request.Query["selesai"].ToString() switch
        {
            "peran" => text["Users_RoleChanged"].Value,
            "nonaktif" => text["Users_Disabled"].Value,
            "aktif" => text["Users_Enabled"].Value,
            _ => null,
        };
        Malls = await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).Select(m => new MallChoice(m.Id, m.Name, m.RegencyCode)).ToListAsync(ct);
        AssignableRoles = Roles.All.Where(r => RoleScope.MayAssign(User, r)).ToList();
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roles = await RoleScope.RolesByUserAsync(db, null, ct);
        var regencyCodes = all.Select(u => u.RegencyCode).OfType<string>().Distinct().ToList();
        var regencies = await db.Regencies.AsNoTracking().Where(r => regencyCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var malls = Malls.ToDictionary(m => m.Id, m => m.Name);
        Rows = all.Select(u =>
        {
            var userRoles = roles.GetValueOrDefault(u.Id) ?? [];
            string? scope = u.MallId is int mall ? malls.GetValueOrDefault(mall, "#" + mall)
                : u.RegencyCode is { } code ? $"{regencies.GetValueOrDefault(code, code)} ({code})"
                : null;
            var state = u.InvitedAt is not null && u.PasswordHash is null ? State.Invited
                : AccountDisabling.IsDisabled(u) ? State.Disabled
                : u.LockoutEnd is { } end && end > now ? State.LockedOut
                : State.Active;
            return new Row(u.Id, u.Email ?? u.UserName ?? "", u.DisplayName, userRoles, scope, state, RoleScope.MayManage(User, userRoles));
        }).ToList();
    }
}
