using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.IntegrationTests.Reporting;

namespace MppSurvey.IntegrationTests.Admin;

public sealed partial class KioskEnrolmentTests(ImportAndWorkbookTests.Fixture app) : IClassFixture<ImportAndWorkbookTests.Fixture>
{
    [GeneratedRegex("<strong id=\"enrolment-code\">([A-Z0-9]{4}-[A-Z0-9]{4})</strong>")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^/survei/35\\.17\\?kios=1#token=([A-Za-z0-9_-]{40,})$")]
    private static partial Regex KioskLinkPattern();

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Kiosks");
        return await client.PostAsync($"/Admin/Kiosks?handler={handler}", new FormUrlEncodedContent(form));
    }

    private async Task<HttpResponseMessage> TypeCodeAsync(HttpClient tablet, string code)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(tablet, "/kios");
        return await tablet.PostAsync("/kios", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code, ["__RequestVerificationToken"] = token }));
    }

    [Fact]
    public async Task An_MPP_admin_enrols_a_kiosk_with_a_one_time_code_the_tablet_swaps_for_a_token_stored_only_as_a_hash_then_revokes_it()
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);

        var enrol = await PostAsync(client, "Enrol", new() { ["Name"] = "Kios lobi timur" });
        var html = await enrol.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var code = CodePattern().Match(html).Groups[1].Value;
        Assert.Equal(9, code.Length);
        Kiosk kiosk;
        await using (var scope = app.Scope())
        {
            kiosk = await app.Db(scope).Kiosks.SingleAsync(k => k.Name == "Kios lobi timur");
        }
        Assert.Equal(app.MallIds["35.17"], kiosk.MallId);
        Assert.Null(kiosk.TokenHash);
        Assert.Equal(KioskTokens.CodeHash(code), kiosk.EnrolmentCodeHash);
        Assert.DoesNotContain(code, await client.GetStringAsync("/Admin/Kiosks"), StringComparison.Ordinal);

        // The tablet, not signed in, types the code (lower case and without the dash is fine too).
        var tablet = LoginClient.Anonymous(app);
        var typed = await TypeCodeAsync(tablet, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        var token = KioskLinkPattern().Match(typed.Headers.Location!.OriginalString).Groups[1].Value;
        Assert.NotEmpty(token);
        await using (var scope = app.Scope())
        {
            var stored = await app.Db(scope).Kiosks.SingleAsync(k => k.Id == kiosk.Id);
            Assert.Equal(KioskTokens.Hash(token), stored.TokenHash);
            Assert.Null(stored.EnrolmentCodeHash);
            Assert.True(await app.Db(scope).AuditEntries.AnyAsync(a => a.Action == "kiosk.enrol" && a.Target == "Kios lobi timur"));
        }

        // A code works once.
        var again = await TypeCodeAsync(LoginClient.Anonymous(app), code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Kode tidak dikenal", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var revoke = await PostAsync(client, "Revoke", new() { ["KioskId"] = kiosk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await using (var scope = app.Scope())
        {
            Assert.NotNull((await app.Db(scope).Kiosks.SingleAsync(k => k.Id == kiosk.Id)).RevokedAt);
        }
    }

    [Fact]
    public async Task An_expired_code_enrols_nothing_and_says_so_in_English_when_asked()
    {
        int id;
        string code;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var kiosk = new Kiosk { MallId = app.MallIds["35.17"], Name = "Kios kedaluwarsa" };
            code = KioskTokens.IssueEnrolmentCode(kiosk, DateTimeOffset.UtcNow - KioskTokens.EnrolmentCodeLifetime - TimeSpan.FromSeconds(1));
            db.Kiosks.Add(kiosk);
            await db.SaveChangesAsync();
            id = kiosk.Id;
        }
        var tablet = LoginClient.Anonymous(app);
        var token = await LoginClient.AntiforgeryTokenAsync(tablet, "/kios?culture=en");

        var typed = await tablet.PostAsync("/kios?culture=en", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code, ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Contains("The code is unknown, already used or expired", await typed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            Assert.Null((await app.Db(scope).Kiosks.SingleAsync(k => k.Id == id)).TokenHash);
        }
    }

    [Fact]
    public async Task A_kiosk_is_renamed_and_a_bad_name_is_refused_beside_its_field()
    {
        int id;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var kiosk = new Kiosk { MallId = app.MallIds["35.17"], Name = "Kios lama" };
            db.Kiosks.Add(kiosk);
            await db.SaveChangesAsync();
            id = kiosk.Id;
        }
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);
        var kioskId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var bad = await PostAsync(client, "Rename", new() { ["KioskId"] = kioskId, ["Name"] = "   " });
        var good = await PostAsync(client, "Rename", new() { ["KioskId"] = kioskId, ["Name"] = "Kios lantai 2" });

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains($"<span class=\"field-error\" id=\"rename-{kioskId}-error\">Beri nama kios", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        await using (var scope = app.Scope())
        {
            Assert.Equal("Kios lantai 2", (await app.Db(scope).Kiosks.SingleAsync(k => k.Id == id)).Name);
        }
    }

    [Fact]
    public async Task An_MPP_admin_cannot_touch_another_MPPs_kiosk_by_id()
    {
        int other;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var kiosk = new Kiosk { MallId = app.MallIds["52.72"], Name = "Kios Bima" };
            KioskTokens.Issue(kiosk, DateTimeOffset.UtcNow);
            db.Kiosks.Add(kiosk);
            await db.SaveChangesAsync();
            other = kiosk.Id;
        }
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);
        var id = other.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var revoke = await PostAsync(client, "Revoke", new() { ["KioskId"] = id });
        var reenrol = await PostAsync(client, "Enrol", new() { ["KioskId"] = id });
        var rename = await PostAsync(client, "Rename", new() { ["KioskId"] = id, ["Name"] = "Milik saya" });

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reenrol.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
        await using (var scope = app.Scope())
        {
            var kiosk = await app.Db(scope).Kiosks.SingleAsync(k => k.Id == other);
            Assert.Null(kiosk.RevokedAt);
            Assert.Null(kiosk.EnrolmentCodeHash);
            Assert.Equal("Kios Bima", kiosk.Name);
        }
    }

    [Theory]
    [InlineData("bupati@uji.test")]
    [InlineData("deputi@uji.test")]
    public async Task Only_MPP_admins_reach_the_kiosk_page(string email)
    {
        var client = await LoginClient.SignedInAsync(app, email, ImportAndWorkbookTests.Password);

        var response = await client.GetAsync("/Admin/Kiosks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
