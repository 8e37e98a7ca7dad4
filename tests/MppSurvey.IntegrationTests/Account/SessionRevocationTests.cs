using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Account;

/// <summary>
/// Server-side sessions: signing out, disabling a user and changing their role or scope end the old
/// sessions at once, on every web node sharing the database, not at the next security-stamp check.
/// </summary>
public sealed class SessionRevocationTests(AccountFixture app) : IClassFixture<AccountFixture>
{
    private sealed record Me(string Email, string DisplayName, string[] Roles, string? Regency, int? Mall);

    /// <summary>A second web node on the same database, as in README "Scaling out".</summary>
    private sealed class SecondNode(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
            builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
            builder.UseSetting("Jobs:RunServer", "false");
        }
    }

    private async Task<HttpClient> AdminAsync() => await LoginClient.SignedInAsync(app, AccountFixture.Administrator, AccountFixture.Password);

    private static Task<HttpResponseMessage> ChangeRoleAsync(HttpClient admin, string id, string role, string? regency = null, int? mall = null) =>
        UserAdministrationTests.PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Role", new()
        {
            ["Id"] = id,
            ["Input.Role"] = role,
            ["Input.RegencyCode"] = regency ?? "",
            ["Input.MallId"] = mall?.ToString(CultureInfo.InvariantCulture) ?? "",
        });

    private static Task<HttpResponseMessage> DisableAsync(HttpClient admin, string id) =>
        UserAdministrationTests.PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Disable", new() { ["Id"] = id });

    private static async Task AssertSignedOutAsync(HttpClient client, string page)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ministry_user_demoted_to_regional_head_is_refused_the_ministry_page_at_once()
    {
        var id = await app.NewUserAsync("turun@akun.test", Roles.Ministry);
        var (user, _) = await AuthCookie.SignInAsync(app, "turun@akun.test", AccountFixture.Password);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/kementerian")).StatusCode);

        var change = await ChangeRoleAsync(await AdminAsync(), id, Roles.RegionalHead, regency: "35.17");

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var refused = await user.GetAsync("/kementerian");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        await AssertSignedOutAsync(user, "/kementerian");
        Assert.Equal(0, await app.SessionCountAsync("turun@akun.test"));
        // Signing in again gives the new role, not the old one.
        var again = await LoginClient.SignedInAsync(app, "turun@akun.test", AccountFixture.Password);
        Assert.Equal([Roles.RegionalHead], (await again.GetFromJsonAsync<Me>("/api/v1/me"))!.Roles);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/kementerian")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_at_once_in_every_browser_they_were_signed_in()
    {
        var id = await app.NewUserAsync("mati@akun.test", Roles.Ministry);
        var (laptop, _) = await AuthCookie.SignInAsync(app, "mati@akun.test", AccountFixture.Password);
        var (phone, _) = await AuthCookie.SignInAsync(app, "mati@akun.test", AccountFixture.Password);
        var bystander = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await DisableAsync(await AdminAsync(), id)).StatusCode);

        await AssertSignedOutAsync(laptop, "/kementerian");
        await AssertSignedOutAsync(phone, "/Admin/Pengguna");
        Assert.Equal(0, await app.SessionCountAsync("mati@akun.test"));
        // Only that user's sessions end.
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_regional_head_moved_to_another_regency_loses_the_old_scope_at_once()
    {
        var id = await app.NewUserAsync("pindah@akun.test", Roles.RegionalHead, "35.17");
        var (user, cookie) = await AuthCookie.SignInAsync(app, "pindah@akun.test", AccountFixture.Password);
        Assert.Equal("35.17", (await user.GetFromJsonAsync<Me>("/api/v1/me"))!.Regency);

        await ChangeRoleAsync(await AdminAsync(), id, Roles.RegionalHead, regency: "52.72");

        await AssertSignedOutAsync(AuthCookie.Replaying(app, cookie), "/dasbor/35.17");
        var again = await LoginClient.SignedInAsync(app, "pindah@akun.test", AccountFixture.Password);
        Assert.Equal("52.72", (await again.GetFromJsonAsync<Me>("/api/v1/me"))!.Regency);
    }

    [Fact]
    public async Task Enabling_a_disabled_user_again_does_not_bring_back_the_old_sessions()
    {
        var id = await app.NewUserAsync("kembali@akun.test", Roles.Ministry);
        var (_, cookie) = await AuthCookie.SignInAsync(app, "kembali@akun.test", AccountFixture.Password);
        var admin = await AdminAsync();
        await DisableAsync(admin, id);

        var enable = await UserAdministrationTests.PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Enable", new() { ["Id"] = id });

        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthCookie.Replaying(app, cookie).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Disabling_twice_by_a_double_click_ends_the_sessions_and_answers_normally_both_times()
    {
        var id = await app.NewUserAsync("dobel@akun.test", Roles.Ministry);
        var (user, _) = await AuthCookie.SignInAsync(app, "dobel@akun.test", AccountFixture.Password);
        var admin = await AdminAsync();

        var first = await DisableAsync(admin, id);
        var second = await DisableAsync(admin, id);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        await AssertSignedOutAsync(user, "/kementerian");
    }

    [Fact]
    public async Task A_role_change_for_an_unknown_user_id_is_404_and_ends_nobodys_session()
    {
        var bystander = await LoginClient.SignedInAsync(app, AccountFixture.RegionalHead, AccountFixture.Password);

        var forged = await ChangeRoleAsync(await AdminAsync(), "tidak-ada-" + Guid.NewGuid(), Roles.Ministry);

        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_refused_for_a_bad_scope_keeps_the_users_session()
    {
        var id = await app.NewUserAsync("tetap@akun.test", Roles.RegionalHead, "35.17");
        var (user, _) = await AuthCookie.SignInAsync(app, "tetap@akun.test", AccountFixture.Password);

        var refused = await ChangeRoleAsync(await AdminAsync(), id, Roles.RegionalHead, regency: "99.99");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(1, await app.SessionCountAsync("tetap@akun.test"));
    }

    [Fact]
    public async Task A_second_web_node_on_the_same_database_honours_a_sign_out_and_a_disabling_done_on_the_first()
    {
        await using var nodeB = new SecondNode(app.ConnectionString);
        var id = await app.NewUserAsync("dua.node@akun.test", Roles.Ministry);
        var (signingOut, outCookie) = await AuthCookie.SignInAsync(app, "dua.node@akun.test", AccountFixture.Password);
        var (_, keptCookie) = await AuthCookie.SignInAsync(app, "dua.node@akun.test", AccountFixture.Password);
        var onB = AuthCookie.Replaying(nodeB, outCookie);
        var keptOnB = AuthCookie.Replaying(nodeB, keptCookie);
        // Node B reads node A's cookies (one key ring in the database).
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await keptOnB.GetAsync("/kementerian")).StatusCode);

        await HeaderForm.PostSignOutAsync(signingOut);

        await AssertSignedOutAsync(onB, "/kementerian");
        Assert.Equal(HttpStatusCode.OK, (await keptOnB.GetAsync("/api/v1/me")).StatusCode);

        await DisableAsync(await AdminAsync(), id);

        await AssertSignedOutAsync(keptOnB, "/kementerian");
    }

    [Fact]
    public async Task A_made_up_or_expired_session_cookie_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthCookie.Replaying(app, "CfDJ8-bukan-cookie-sungguhan").GetAsync("/api/v1/me")).StatusCode);

        var email = "kedaluwarsa@akun.test";
        await app.NewUserAsync(email, Roles.Ministry);
        var (_, cookie) = await AuthCookie.SignInAsync(app, email, AccountFixture.Password);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE user_sessions SET created_at = now() - interval '9 hours', expires_at = now() - interval '1 minute' WHERE user_id = {userId}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthCookie.Replaying(app, cookie).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(0, await app.SessionCountAsync(email));
    }

    [Fact]
    public async Task Each_sign_in_stores_one_session_and_the_cookie_holds_its_id_not_the_roles()
    {
        var email = "satu.sesi@akun.test";
        await app.NewUserAsync(email, Roles.Ministry);

        var (_, cookie) = await AuthCookie.SignInAsync(app, email, AccountFixture.Password);

        Assert.Equal(1, await app.SessionCountAsync(email));
        // A ticket with the roles, name and security stamp is well over 1 KB once protected; a session id is not.
        Assert.True(cookie.Length < 600, $"cookie of {cookie.Length} characters");
    }
}
