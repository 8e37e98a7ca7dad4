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

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// One user's role and scope, and disabling or enabling the account. The ministry may not touch an
/// administrator (refused as forbidden, whatever the form says), and nobody may change or disable
/// their own account here, so the last administrator cannot lock everyone out by mistake.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry)]
public sealed class UbahModel(MppSurveyDbContext db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed class RoleInput
    {
        [Required(ErrorMessage = "Validation_Required")]
        [Display(Name = "Users_Role")]
        public string Role { get; set; } = "";

        [Display(Name = "Users_Regency")]
        public string? RegencyCode { get; set; }

        [Display(Name = "Users_Mall")]
        public int? MallId { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty] public RoleInput Input { get; set; } = new();

    public AppUser? Target { get; private set; }
    public IReadOnlyList<string> CurrentRoles { get; private set; } = [];
    public IReadOnlyList<string> AssignableRoles { get; private set; } = [];
    public IReadOnlyList<IndexModel.MallChoice> Malls { get; private set; } = [];
    public bool IsSelf { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        Input = new RoleInput { Role = CurrentRoles.FirstOrDefault() ?? "", RegencyCode = Target!.MallId is null ? Target.RegencyCode : null, MallId = Target.MallId };
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (IsSelf)
        {
            Error = text["Users_NotYourself"];
            return Page();
        }
        var scope = await RoleScope.ResolveAsync(User, Input.Role, Input.RegencyCode, Input.MallId, nameof(Input), ModelState, db, text, ct);
        if (!ModelState.IsValid || scope is null)
        {
            return Page();
        }
        var user = Target!;
        var before = $"{string.Join(",", CurrentRoles)} {new RoleScope.Resolved(user.RegencyCode, user.MallId).Describe()}";
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            IdentityOutcome.Ensure(await users.RemoveFromRolesAsync(user, CurrentRoles));
            IdentityOutcome.Ensure(await users.AddToRoleAsync(user, Input.Role));
            user.RegencyCode = scope.RegencyCode;
            user.MallId = scope.MallId;
            // The old role and scope end now, on every node: the user's sessions go with this commit
            // (the new stamp also voids tokens issued for the old account, such as an unused invitation link).
            IdentityOutcome.Ensure(await users.UpdateSecurityStampAsync(user));
            await UserSessions.EndAllAsync(db, user.Id, ct);
            AuditLog.Record(db, User, clock.GetUtcNow(), "user.role", user.Email ?? user.Id, scope.MallId ?? user.MallId,
                $"{before} → {Input.Role} {scope.Describe()}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return RedirectToPage("Index", new { selesai = "peran" });
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (IsSelf)
        {
            Error = text["Users_NotYourself"];
            return Page();
        }
        var user = Target!;
        if (AccountDisabling.IsDisabled(user))
        {
            // A replayed or repeated click: already disabled, nothing to write or audit again.
            return RedirectToPage("Index", new { selesai = "nonaktif" });
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            IdentityOutcome.Ensure(await users.SetLockoutEnabledAsync(user, true));
            IdentityOutcome.Ensure(await users.SetLockoutEndDateAsync(user, AccountDisabling.Until));
            // Signed-in sessions end now, on every node, not only new sign-ins.
            IdentityOutcome.Ensure(await users.UpdateSecurityStampAsync(user));
            await UserSessions.EndAllAsync(db, user.Id, ct);
            AuditLog.Record(db, User, clock.GetUtcNow(), "user.disable", user.Email ?? user.Id, user.MallId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return RedirectToPage("Index", new { selesai = "nonaktif" });
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var user = Target!;
        if (user.LockoutEnd is null && user.AccessFailedCount == 0)
        {
            // Already active with nothing to lift: a replayed click writes nothing.
            return RedirectToPage("Index", new { selesai = "aktif" });
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Also lifts a lockout after wrong passwords: the administrator vouches for the user.
            IdentityOutcome.Ensure(await users.SetLockoutEndDateAsync(user, null));
            IdentityOutcome.Ensure(await users.ResetAccessFailedCountAsync(user));
            AuditLog.Record(db, User, clock.GetUtcNow(), "user.enable", user.Email ?? user.Id, user.MallId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return RedirectToPage("Index", new { selesai = "aktif" });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Target = string.IsNullOrEmpty(Id) ? null : await users.FindByIdAsync(Id);
        if (Target is null)
        {
            return NotFound();
        }
        CurrentRoles = (await users.GetRolesAsync(Target)).Order(StringComparer.Ordinal).ToList();
        if (!RoleScope.MayManage(User, CurrentRoles))
        {
            return Forbid();
        }
        IsSelf = string.Equals(Target.UserName, User.Identity?.Name, StringComparison.OrdinalIgnoreCase);
        AssignableRoles = Roles.All.Where(r => RoleScope.MayAssign(User, r)).ToList();
        Malls = await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).Select(m => new IndexModel.MallChoice(m.Id, m.Name, m.RegencyCode)).ToListAsync(ct);
        return null;
    }
}
