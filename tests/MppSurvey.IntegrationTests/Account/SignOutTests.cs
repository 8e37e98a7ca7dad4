using System.Net;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Account;

/// <summary>
/// Signing out from the header of any page, as a browser posts that form, and what a kept cookie,
/// a second click, a forged post or the back button can do afterwards.
/// </summary>
public sealed class SignOutTests(AccountFixture app) : IClassFixture<AccountFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/kementerian")]
    [InlineData("/Admin/Pengguna")]
    [InlineData("/Account/Logout")]
    public async Task The_header_sign_out_form_of_a_signed_in_page_signs_out(string page)
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);

        var response = await HeaderForm.PostSignOutAsync(client, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Logout", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        var done = await client.GetStringAsync("/Account/Logout");
        Assert.Contains("Anda telah keluar", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_cookie_copied_before_sign_out_is_refused_after_it()
    {
        var (client, cookie) = await AuthCookie.SignInAsync(app, AccountFixture.Ministry, AccountFixture.Password);
        var copy = AuthCookie.Replaying(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await HeaderForm.PostSignOutAsync(client)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/v1/me")).StatusCode);
        var page = await copy.GetAsync("/kementerian");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_removes_that_session_only_and_not_the_users_other_browsers()
    {
        var email = "dua.peramban@akun.test";
        await app.NewUserAsync(email, Core.Identity.Roles.Ministry);
        var (laptop, _) = await AuthCookie.SignInAsync(app, email, AccountFixture.Password);
        var (phone, _) = await AuthCookie.SignInAsync(app, email, AccountFixture.Password);
        Assert.Equal(2, await app.SessionCountAsync(email));

        await HeaderForm.PostSignOutAsync(laptop);

        Assert.Equal(1, await app.SessionCountAsync(email));
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_double_click_on_sign_out_lands_on_the_signed_out_page_not_an_error()
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);
        var form = HeaderForm.SignOutForm(await client.GetStringAsync("/"));

        // The browser sends the same form twice: the second carries the same token and a cookie whose session is gone.
        var first = await client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        var second = await client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/Account/Logout", second.Headers.Location!.OriginalString);
        Assert.Contains("Anda telah keluar", await client.GetStringAsync("/Account/Logout"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_out_posted_by_another_site_without_the_token_is_refused_and_the_user_stays_signed_in()
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);

        var forged = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_sign_out_token_of_another_user_is_refused_and_the_user_stays_signed_in()
    {
        var victim = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);
        var attacker = await LoginClient.SignedInAsync(app, AccountFixture.RegionalHead, AccountFixture.Password);
        var attackersToken = HeaderForm.SignOutForm(await attacker.GetStringAsync("/")).Fields["__RequestVerificationToken"];

        var forged = await victim.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = attackersToken,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/kementerian")]
    [InlineData("/Admin/Pengguna")]
    [InlineData("/api/v1/me")]
    public async Task Signed_in_answers_are_not_kept_by_the_browser_so_the_back_button_after_sign_out_shows_nothing(string path)
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.Administrator, AccountFixture.Password);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
        await HeaderForm.PostSignOutAsync(client);
        var again = await client.GetAsync(path);
        Assert.DoesNotContain("id=\"signed-in\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        if (path != "/")
        {
            // The home page is public; everything else asks for a login again.
            Assert.True(again.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{path} after sign-out: {(int)again.StatusCode}");
        }
    }
}

internal static class UriPaths
{
    /// <summary>A Location header as path and query, whether the server sent it absolute or relative.</summary>
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
