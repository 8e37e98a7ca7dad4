using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// /Admin/Kiosks and /Admin/Pengguna asked the two questions: what does a hostile request do
/// (another MPP's kiosk in the hidden field, a replayed revoke or disable, a missing token) and
/// what does a careless user do (double click on "enrol" or "invite", an empty form)?
/// </summary>
[Collection(FormCollection.Name)]
public sealed class KioskAndUserFormTests(FormFixture app)
{
    private Task<int> KiosksNamedAsync(string name) => app.DbAsync(db => db.Kiosks.CountAsync(k => k.MallId == app.MallId && k.Name == name));

    [Fact]
    public async Task Careless_a_triple_click_on_enrol_adds_one_kiosk_and_answers_the_others_beside_the_name()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, "/Admin/Kiosks", "/Admin/Kiosks?handler=Enrol", Of(("Name", "Kios lantai dua")));

        AssertNoServerError(answers);
        Assert.Equal(1, await KiosksNamedAsync("Kios lantai dua"));
        var shown = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(shown, html => ErrorBeside(html, "name-error") is "");
        Assert.Equal(2, shown.Count(html => ErrorBeside(html, "name-error")
            == "Kios \"Kios lantai dua\" sudah ada. Untuk mendaftarkannya lagi, pakai kode baru di daftar kios."));
    }

    [Fact]
    public async Task Hostile_another_MPPs_kiosk_in_the_hidden_field_is_not_found_and_keeps_its_token()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var bimaKiosk = await app.DbAsync(db => db.Kiosks.Where(k => k.MallId == app.BimaMallId).Select(k => new { k.Id, k.TokenHash, k.Name }).SingleAsync());

        var revoke = await PostAsync(client, "/Admin/Kiosks", "Revoke", Of(("KioskId", Inv(bimaKiosk.Id))));
        var rename = await PostAsync(client, "/Admin/Kiosks", "Rename", Of(("KioskId", Inv(bimaKiosk.Id)), ("Name", "Diambil alih")));
        var reenrol = await PostAsync(client, "/Admin/Kiosks", "Enrol", Of(("KioskId", Inv(bimaKiosk.Id))));

        Assert.All(new[] { revoke, rename, reenrol }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(bimaKiosk, await app.DbAsync(db => db.Kiosks.Where(k => k.Id == bimaKiosk.Id).Select(k => new { k.Id, k.TokenHash, k.Name }).SingleAsync()));
        Assert.Null(await app.DbAsync(db => db.Kiosks.Where(k => k.Id == bimaKiosk.Id).Select(k => k.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task Hostile_a_replayed_revoke_keeps_the_first_revocation_and_its_single_audit_entry()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var kioskId = await app.DbAsync(async db =>
        {
            var kiosk = new Core.Malls.Kiosk { MallId = app.MallId, Name = "Kios cabut ulang" };
            Core.Responses.KioskTokens.Issue(kiosk, DateTimeOffset.UtcNow);
            db.Kiosks.Add(kiosk);
            await db.SaveChangesAsync();
            return kiosk.Id;
        });
        var revoke = await WithTokenAsync(client, "/Admin/Kiosks", Of(("KioskId", Inv(kioskId))));

        Assert.Equal(HttpStatusCode.Redirect, (await ReplayAsync(client, "/Admin/Kiosks?handler=Revoke", revoke)).StatusCode);
        var revokedAt = await app.DbAsync(db => db.Kiosks.Where(k => k.Id == kioskId).Select(k => k.RevokedAt).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await ReplayAsync(client, "/Admin/Kiosks?handler=Revoke", revoke)).StatusCode);

        Assert.NotNull(revokedAt);
        Assert.Equal(revokedAt, await app.DbAsync(db => db.Kiosks.Where(k => k.Id == kioskId).Select(k => k.RevokedAt).SingleAsync()));
        Assert.Single(await app.AuditAsync("kiosk.revoke"), t => t == "Kios cabut ulang");
    }

    [Fact]
    public async Task Careless_a_triple_click_on_invite_makes_one_account_and_answers_the_others_beside_the_email()
    {
        var client = await app.SignedInAsync(FormFixture.Admin);

        var answers = await AtOnceAsync(client, "/Admin/Pengguna", "/Admin/Pengguna?handler=Invite",
            Of(("Input.Email", "tiga.klik@formulir.test"), ("Input.DisplayName", "Tiga Klik"), ("Input.Role", Roles.Ministry)));

        AssertNoServerError(answers);
        Assert.Equal(1, await app.DbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == "TIGA.KLIK@FORMULIR.TEST")));
        Assert.Equal(1, await app.DbAsync(db => db.UserRoles.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.NormalizedEmail == "TIGA.KLIK@FORMULIR.TEST"))));
        var shown = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Equal(2, shown.Count(html => ErrorBeside(html, "email-error") == "Email ini sudah dipakai oleh pengguna lain."));
    }

    [Fact]
    public async Task Hostile_a_replayed_disable_leaves_the_account_disabled_with_one_audit_entry()
    {
        var client = await app.SignedInAsync(FormFixture.Admin);
        string userId;
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "nonaktif.ulang@formulir.test", Email = "nonaktif.ulang@formulir.test", EmailConfirmed = true, DisplayName = "Ulang" };
            Assert.True((await users.CreateAsync(user, FormFixture.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Ministry)).Succeeded);
            userId = user.Id;
        }
        var page = $"/Admin/Pengguna/Ubah?id={userId}";
        var disable = await WithTokenAsync(client, page, Of(("Id", userId)));

        var first = await ReplayAsync(client, page + "&handler=Disable", disable);
        var stamp = await app.DbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());
        var replay = await ReplayAsync(client, page + "&handler=Disable", disable);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal(stamp, await app.DbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync()));
        Assert.True(AccountDisabling.IsDisabled(await app.DbAsync(db => db.Users.SingleAsync(u => u.Id == userId))));
        Assert.Single(await app.AuditAsync("user.disable"), t => t == "nonaktif.ulang@formulir.test");
    }

    [Fact]
    public async Task Careless_an_empty_invite_form_is_answered_beside_each_field_and_makes_no_account()
    {
        var client = await app.SignedInAsync(FormFixture.Admin);
        var before = await app.DbAsync(db => db.Users.CountAsync());

        // As a browser sends an untouched form: every field present and empty.
        var response = await PostAsync(client, "/Admin/Pengguna", "Invite", Of(("Input.Email", ""), ("Input.DisplayName", ""), ("Input.Role", "")));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Email wajib diisi.", ErrorBeside(html, "email-error"));
        Assert.False(string.IsNullOrEmpty(ErrorBeside(html, "name-error")));
        Assert.Equal(before, await app.DbAsync(db => db.Users.CountAsync()));
    }
}
