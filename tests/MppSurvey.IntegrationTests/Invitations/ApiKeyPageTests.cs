using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Invitations;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Invitations;

/// <summary>
/// /Admin/KunciApi (digital invitations): an MPP admin makes keys for their own MPP only, sees a
/// secret once, and revokes a key after a confirmation, once; another MPP's key id is not found.
/// </summary>
public sealed class ApiKeyPageTests(InvitationFixture app) : IClassFixture<InvitationFixture>
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_key_is_made_for_the_admins_own_MPP_whatever_the_form_says_and_its_secret_is_shown_only_on_that_answer()
    {
        var client = await LoginClient.SignedInAsync(app, InvitationFixture.JombangAdmin, InvitationFixture.Password);
        var bimaMallId = await BimaMallIdAsync();

        // A forged MallId field is not even read: the MPP is the signed-in admin's.
        var created = await InvitationFixture.PostPageAsync(client, "Create", new() { ["Name"] = "  Sistem Jombang  ", ["MallId"] = Id(bimaMallId) });
        var html = await created.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var secret = InvitationFixture.SecretOn(html)!;
        Assert.NotNull(secret);
        Assert.Contains("data-copy=\"api-key-secret\"", html, StringComparison.Ordinal);
        ApiKey key;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            key = await db.ApiKeys.SingleAsync(k => k.Name == "Sistem Jombang");
            Assert.Equal(app.JombangMallId, key.MallId);
            Assert.Equal(ApiKeySecrets.Hash(secret), key.KeyHash);
            Assert.Equal(secret[..9], key.Prefix);
            Assert.Equal(InvitationFixture.JombangAdmin, key.CreatedBy);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "apikey.create" && a.Target == "Sistem Jombang" && a.MallId == app.JombangMallId));
        }

        // Never again: the list shows the name and prefix only.
        var list = await client.GetStringAsync("/Admin/KunciApi");
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.Contains($"<code>{key.Prefix}…</code>", list, StringComparison.Ordinal);

        // The same form again (double click, reload of the answer): refused beside the field, still one key.
        var again = await InvitationFixture.PostPageAsync(client, "Create", new() { ["Name"] = "sistem jombang" });
        var againHtml = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null(InvitationFixture.SecretOn(againHtml));
        Assert.Contains("<span class=\"field-error\" id=\"name-error\">Kunci aktif bernama", againHtml, StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            Assert.Equal(1, await app.Db(scope).ApiKeys.CountAsync(k => k.MallId == app.JombangMallId && EF.Functions.ILike(k.Name, "sistem jombang")));
        }

        // Kota Bima's admin sees none of Jombang's keys.
        var bima = await LoginClient.SignedInAsync(app, InvitationFixture.BimaAdmin, InvitationFixture.Password);
        Assert.DoesNotContain("Sistem Jombang", await bima.GetStringAsync("/Admin/KunciApi"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Baris\nbaru")]
    [InlineData("\u200B")]
    [InlineData("\u200B\u2060\uFEFF ")]
    [InlineData("Sangat panjang sekali sekali sekali sekali sekali sekali sekali sekali sekali sekali")]
    public async Task A_blank_invisible_multi_line_or_overlong_name_is_refused_beside_its_field_and_makes_no_key(string name)
    {
        var client = await LoginClient.SignedInAsync(app, InvitationFixture.JombangAdmin, InvitationFixture.Password);
        int before;
        await using (var scope = app.Scope())
        {
            before = await app.Db(scope).ApiKeys.CountAsync();
        }

        var response = await InvitationFixture.PostPageAsync(client, "Create", new() { ["Name"] = name });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<span class=\"field-error\" id=\"name-error\">Beri nama kunci", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            Assert.Equal(before, await app.Db(scope).ApiKeys.CountAsync());
            Assert.Equal(0, await app.Db(scope).AuditEntries.CountAsync(a => a.Action == "apikey.create" && a.Target == name.Trim()));
        }
    }

    [Fact]
    public async Task Revoking_asks_first_acts_once_and_is_audited_and_another_MPPs_key_is_not_found()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci lama");
        var client = await LoginClient.SignedInAsync(app, InvitationFixture.JombangAdmin, InvitationFixture.Password);
        int id;
        await using (var scope = app.Scope())
        {
            id = (await app.Db(scope).ApiKeys.SingleAsync(k => k.Name == "Kunci lama")).Id;
        }

        var confirmPage = await client.GetStringAsync($"/Admin/KunciApi?cabut={Id(id)}");
        Assert.Contains("id=\"confirm-revoke\"", confirmPage, StringComparison.Ordinal);
        // A revoke post without the confirmation only asks.
        var unconfirmed = await InvitationFixture.PostPageAsync(client, "Revoke", new() { ["KeyId"] = Id(id) });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("id=\"confirm-revoke\"", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await InvitationFixture.IssueAsync(app.CreateClient(), secret, new System.Text.Json.Nodes.JsonObject { ["serviceId"] = app.ServiceId })).StatusCode);

        var revoked = await InvitationFixture.PostPageAsync(client, "Revoke", new() { ["KeyId"] = Id(id), ["Confirm"] = "true" });
        var twice = await InvitationFixture.PostPageAsync(client, "Revoke", new() { ["KeyId"] = Id(id), ["Confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        DateTimeOffset revokedAt;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var key = await db.ApiKeys.SingleAsync(k => k.Id == id);
            revokedAt = key.RevokedAt!.Value;
            Assert.Equal(InvitationFixture.JombangAdmin, key.RevokedBy);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "apikey.revoke" && a.Target == "Kunci lama"));
        }
        // Refused at once, with the same answer as a made-up key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await InvitationFixture.IssueAsync(app.CreateClient(), secret, new System.Text.Json.Nodes.JsonObject { ["serviceId"] = app.ServiceId })).StatusCode);

        // Kota Bima's admin naming Jombang's key id: not found, and nothing changes.
        var other = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci aktif");
        int otherId;
        await using (var scope = app.Scope())
        {
            otherId = (await app.Db(scope).ApiKeys.SingleAsync(k => k.Name == "Kunci aktif")).Id;
        }
        var bima = await LoginClient.SignedInAsync(app, InvitationFixture.BimaAdmin, InvitationFixture.Password);
        var foreign = await InvitationFixture.PostPageAsync(bima, "Revoke", new() { ["KeyId"] = Id(otherId), ["Confirm"] = "true" });
        var foreignConfirm = await bima.GetStringAsync($"/Admin/KunciApi?cabut={Id(otherId)}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("confirm-revoke", foreignConfirm, StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            Assert.Null((await db.ApiKeys.SingleAsync(k => k.Id == otherId)).RevokedAt);
            Assert.Equal(revokedAt, (await db.ApiKeys.SingleAsync(k => k.Id == id)).RevokedAt);
        }
        Assert.Equal(HttpStatusCode.Created, (await InvitationFixture.IssueAsync(app.CreateClient(), other, new System.Text.Json.Nodes.JsonObject { ["serviceId"] = app.ServiceId })).StatusCode);
    }

    [Fact]
    public async Task A_double_clicked_revocation_revokes_once_with_one_audit_entry()
    {
        await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci klik ganda");
        int id;
        await using (var scope = app.Scope())
        {
            id = (await app.Db(scope).ApiKeys.SingleAsync(k => k.Name == "Kunci klik ganda")).Id;
        }
        var tabs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => LoginClient.SignedInAsync(app, InvitationFixture.JombangAdmin, InvitationFixture.Password)));
        var tokens = await Task.WhenAll(tabs.Select(t => LoginClient.AntiforgeryTokenAsync(t, "/Admin/KunciApi")));

        // The confirmation posted from every tab at once: each gets the list back, the key is revoked once.
        var answers = await Task.WhenAll(tabs.Select((t, i) => t.PostAsync("/Admin/KunciApi?handler=Revoke", new FormUrlEncodedContent(
            [new("KeyId", Id(id)), new("Confirm", "true"), new("__RequestVerificationToken", tokens[i])]))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var key = await db.ApiKeys.SingleAsync(k => k.Id == id);
            var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == "apikey.revoke" && a.Target == "Kunci klik ganda").ToListAsync());
            Assert.Equal(key.RevokedAt, audit.At);
        }
    }

    private async Task<int> BimaMallIdAsync()
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Malls.Where(m => m.RegencyCode == "52.72").Select(m => m.Id).SingleAsync();
    }
}
