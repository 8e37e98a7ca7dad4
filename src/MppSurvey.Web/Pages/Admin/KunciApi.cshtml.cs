using MppSurvey.Web.Reports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Malls;
using MppSurvey.Web.Hosting;
using Npgsql;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// An MPP admin's API keys for the MPP's online services (digital invitations): make a key (its
/// secret is shown once, on the answer to the form, and never again: only its hash is stored), see
/// the keys with their prefix and last use, and revoke one after a confirmation, which stops it at once.
/// The MPP is always the admin's own: no form field names it, and another MPP's key id is not found.
/// </summary>
[Authorize(Roles = Roles.MppAdmin)]
public sealed class KunciApiModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text, PublicLinks links, ILogger<KunciApiModel> logger) : PageModel
{
    public Mall? Mall { get; private set; }
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    /// <summary>The secret of the key just made: on this one answer only.</summary>
    public string? Secret { get; private set; }
    public string? CreatedName { get; private set; }
    public string? NameError { get; private set; }
    /// <summary>The key whose revocation waits for a confirmation.</summary>
    public ApiKey? Confirming { get; private set; }
    public string EndpointUrl { get; private set; } = "";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? KeyId { get; set; }
    [BindProperty] public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "cabut")] int? revokeId)
    {
        await LoadAsync();
        if (revokeId is int id && Mall is not null)
        {
            Confirming = Keys.FirstOrDefault(k => k.Id == id && k.RevokedAt is null);
        }
        return Page();
    }

    /// <summary>
    /// Not redirected after success (the secret would have to travel through a cookie or the session to
    /// the next page); a second post of the same name (double click, reload) is refused as a name in use,
    /// by the check here and, when two posts race, by the unique index of live keys' names.
    /// </summary>
    public async Task<IActionResult> OnPostCreateAsync()
    {
        await LoadAsync();
        if (Mall is null)
        {
            return Forbid();
        }
        var name = Name?.Trim() ?? "";
        // Only zero-width or other invisible characters would be a key with no name in the list and the audit log.
        if (VisibleText.IsBlank(name) || name.Length > ApiKey.MaxNameLength || name.Any(char.IsControl))
        {
            NameError = text["ApiKeys_NameRequired", ApiKey.MaxNameLength];
            return Page();
        }
        if (Keys.Any(k => k.RevokedAt is null && string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            NameError = text["ApiKeys_NameTaken", name];
            return Page();
        }
        var now = clock.GetUtcNow();
        var (key, secret) = ApiKeySecrets.Issue(Mall.Id, name, User.Identity?.Name ?? "?", now);
        db.ApiKeys.Add(key);
        AuditLog.Record(db, User, now, "apikey.create", name, Mall.Id, key.Prefix);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            NameError = text["ApiKeys_NameTaken", name];
            return Page();
        }
        ApiKeysLog.Created(logger, key.Id, Mall.RegencyCode, ActorId.Of(User));
        Response.Headers.CacheControl = "no-store";
        Secret = secret;
        CreatedName = name;
        Name = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        await LoadAsync();
        var key = Mall is null ? null : await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == KeyId && k.MallId == Mall.Id);
        if (key is null)
        {
            return NotFound();
        }
        if (key.RevokedAt is not null)
        {
            // A replayed confirmation keeps the first revocation's time, actor and audit entry.
            return RedirectToPage();
        }
        if (!Confirm)
        {
            Confirming = key;
            return Page();
        }
        var now = clock.GetUtcNow();
        var by = User.Identity?.Name ?? "?";
        await using var tx = await db.Database.BeginTransactionAsync();
        // Taken only while live: of two confirmations at once (a double click, two tabs), one revokes and
        // writes the audit entry; the other finds it done and keeps the first one's time and actor.
        var changed = await db.ApiKeys.Where(k => k.Id == key.Id && k.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, by));
        if (changed == 0)
        {
            return RedirectToPage();
        }
        AuditLog.Record(db, User, now, "apikey.revoke", key.Name, Mall!.Id, key.Prefix);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        ApiKeysLog.Revoked(logger, key.Id, Mall.RegencyCode, ActorId.Of(User));
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var mallId = User.ScopedMallId();
        Mall = mallId is null ? null : await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mallId);
        Keys = Mall is null ? [] : await db.ApiKeys.AsNoTracking().Where(k => k.MallId == Mall.Id)
            .OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync();
        EndpointUrl = links.Absolute(Request, Api.InvitationsApi.Route)!;
    }
}

/// <summary>API keys made and revoked (digital invitations), event ids 1610-1619: the key's id, never its secret.</summary>
internal static partial class ApiKeysLog
{
    [LoggerMessage(EventId = 1610, EventName = "ApiKeyCreated", Level = LogLevel.Information,
        Message = "API key {ApiKeyId} created for MPP {RegencyCode} by user {ActorId}")]
    public static partial void Created(ILogger logger, int apiKeyId, string regencyCode, string actorId);

    [LoggerMessage(EventId = 1611, EventName = "ApiKeyRevoked", Level = LogLevel.Information,
        Message = "API key {ApiKeyId} of MPP {RegencyCode} revoked by user {ActorId}")]
    public static partial void Revoked(ILogger logger, int apiKeyId, string regencyCode, string actorId);
}
