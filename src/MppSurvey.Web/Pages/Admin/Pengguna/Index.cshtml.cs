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
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// The user list and the invitation form. There is no mail server: inviting creates the account
/// without a password and shows the inviter, once, the link with which the new user chooses one.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry)]
public sealed class IndexModel(MppSurveyDbContext db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedText> text, PublicLinks links) : PageModel
{
    public enum State { Invited, Active, LockedOut, Disabled }

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
        [Display(Name = "Users_DisplayName")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Users_Role")]
        public string Role { get; set; } = "";

        [Display(Name = "Users_Regency")]
        public string? RegencyCode { get; set; }

        [Display(Name = "Users_Mall")]
        public int? MallId { get; set; }
    }

    [BindProperty] public InviteInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<MallChoice> Malls { get; private set; } = [];
    public IReadOnlyList<string> AssignableRoles { get; private set; } = [];
    public string? InvitationLink { get; private set; }
    public string? InvitedEmail { get; private set; }
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
        InvitationLink = links.Absolute(Request, $"/Account/Undangan?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}")!;
        ModelState.Clear();
        Input = new InviteInput();
        await LoadAsync(ct);
        return Page();
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
