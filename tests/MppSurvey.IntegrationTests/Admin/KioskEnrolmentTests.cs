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
    [GeneratedRegex("/survei/35\\.17\\?kios=1#token=([A-Za-z0-9_-]+)")]
    private static partial Regex LinkPattern();

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Kiosks");
        return await client.PostAsync($"/Admin/Kiosks?handler={handler}", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task An_MPP_admin_enrols_a_kiosk_whose_token_is_shown_once_and_stored_only_as_a_hash_then_revokes_it()
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);

        var enrol = await PostAsync(client, "Enrol", new() { ["Name"] = "Kios lobi timur" });
        var html = await enrol.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var token = LinkPattern().Match(html).Groups[1].Value;
        Assert.True(token.Length >= 40, html);
        Kiosk kiosk;
        await using (var scope = app.Scope())
        {
            kiosk = await app.Db(scope).Kiosks.SingleAsync(k => k.Name == "Kios lobi timur");
        }
        Assert.Equal(app.MallIds["35.17"], kiosk.MallId);
        Assert.Equal(KioskTokens.Hash(token), kiosk.TokenHash);
        Assert.DoesNotContain(token, kiosk.TokenHash, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await client.GetStringAsync("/Admin/Kiosks"), StringComparison.Ordinal);

        var revoke = await PostAsync(client, "Revoke", new() { ["KioskId"] = kiosk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await using (var scope = app.Scope())
        {
            Assert.NotNull((await app.Db(scope).Kiosks.SingleAsync(k => k.Id == kiosk.Id)).RevokedAt);
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

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reenrol.StatusCode);
        await using (var scope = app.Scope())
        {
            Assert.Null((await app.Db(scope).Kiosks.SingleAsync(k => k.Id == other)).RevokedAt);
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
