using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Account;

public sealed class LoginTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private sealed record Me(string Email, string DisplayName, string[] Roles, string? Regency, int? Mall);

    [Theory]
    [InlineData("admin@mppsurvey.test", Roles.Administrator, null, false)]
    [InlineData("kementerian@mppsurvey.test", Roles.Ministry, null, false)]
    [InlineData("bupati.jombang@mppsurvey.test", Roles.RegionalHead, "35.17", false)]
    [InlineData("admin.jombang@mppsurvey.test", Roles.MppAdmin, "35.17", true)]
    public async Task Each_demo_user_signs_in_and_gets_role_and_scope_claims(string email, string role, string? regency, bool hasMall)
    {
        var client = await LoginClient.SignedInAsync(app, email, DemoSeeder.Password);

        var me = await client.GetFromJsonAsync<Me>("/api/v1/me");

        Assert.NotNull(me);
        Assert.Equal(email, me.Email);
        Assert.Equal([role], me.Roles);
        Assert.Equal(regency, me.Regency);
        if (hasMall)
        {
            await using var scope = app.Scope();
            var jombang = await app.Db(scope).Malls.SingleAsync(m => m.RegencyCode == "35.17");
            Assert.Equal(jombang.Id, me.Mall);
        }
        else
        {
            Assert.Null(me.Mall);
        }
    }

    [Fact]
    public async Task The_home_page_names_the_signed_in_regional_head_and_their_regency()
    {
        var client = await LoginClient.SignedInAsync(app, "bupati.jombang@mppsurvey.test", DemoSeeder.Password);

        var html = await client.GetStringAsync("/");

        Assert.Contains("Anda masuk sebagai Bupati Jombang.", html);
        Assert.Contains("Kabupaten Jombang (35.17)", html);
        Assert.Contains("Kepala Daerah", html);
    }

    [Fact]
    public async Task Without_a_login_the_account_api_answers_401_and_pages_redirect_to_login()
    {
        var client = LoginClient.Anonymous(app);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Indonesian_by_default_and_in_English_on_request()
    {
        var id = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "kementerian@mppsurvey.test", "salah-sekali-123");
        var en = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "kementerian@mppsurvey.test", "wrong-entirely-123", culture: "en");

        Assert.Equal(HttpStatusCode.OK, id.StatusCode);
        Assert.Contains("Email atau kata sandi salah.", await id.Content.ReadAsStringAsync());
        Assert.Contains("Wrong email or password.", await en.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_form_gets_a_message_beside_each_field_in_the_users_language()
    {
        var client = LoginClient.Anonymous(app);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login?culture=en");
        var response = await client.PostAsync("/Account/Login?culture=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "",
            ["Input.Password"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Email is required.", html);
        Assert.Contains("Password is required.", html);
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_refused()
    {
        var response = await LoginClient.Anonymous(app).PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@mppsurvey.test",
            ["Input.Password"] = DemoSeeder.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        // A user of its own, so the lockout does not disturb the other tests.
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = new AppUser { UserName = "lockout@mppsurvey.test", Email = "lockout@mppsurvey.test", EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "benar-sekali-2026")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Ministry)).Succeeded);
        }
        for (var i = 0; i < 5; i++)
        {
            await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "lockout@mppsurvey.test", "salah-" + i + "-xxxx");
        }

        var right = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "lockout@mppsurvey.test", "benar-sekali-2026");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        // The same words as a wrong password: a locked account tells a guesser nothing, not even that the password was right.
        Assert.Contains("Email atau kata sandi salah. Lima kali gagal berturut-turut mengunci akun selama 15 menit.", await right.Content.ReadAsStringAsync());
        var english = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "lockout@mppsurvey.test", "benar-sekali-2026", culture: "en");
        Assert.Contains("Wrong email or password. Five failures in a row lock an account for 15 minutes.", await english.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        var client = await LoginClient.SignedInAsync(app, "kementerian@mppsurvey.test", DemoSeeder.Password);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Logout");

        var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/masuk")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_to_another_site_is_ignored_after_sign_in(string returnUrl)
    {
        var client = LoginClient.Anonymous(app);
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var token = await LoginClient.AntiforgeryTokenAsync(client, path);

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "kementerian@mppsurvey.test",
            ["Input.Password"] = DemoSeeder.Password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // No other site: the ministry lands on its own page.
        Assert.Equal("/kementerian", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("admin@mppsurvey.test\\u202e")]
    [InlineData("\\u0000@mppsurvey.test")]
    [InlineData("\\ud800@mppsurvey.test")]
    [InlineData("bukan email sama sekali")]
    public async Task An_odd_email_gets_the_form_again_with_a_message_never_an_error(string email)
    {
        var response = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), System.Text.RegularExpressions.Regex.Unescape(email), "apa-saja-2026");

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("mppsurvey.auth=", string.Join(";", response.Headers.TryGetValues("Set-Cookie", out var c) ? c : []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_email_and_password_get_the_form_again_never_an_error()
    {
        var response = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), new string('a', 5000) + "@mppsurvey.test", new string('x', 20000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_opening_the_login_page_is_offered_sign_out_and_a_second_sign_in_does_not_switch_the_session()
    {
        var client = await LoginClient.SignedInAsync(app, "bupati.jombang@mppsurvey.test", DemoSeeder.Password);

        var html = await client.GetStringAsync("/Account/Login");
        // A form posted anyway (a page kept open, a double submit) with someone else's credentials.
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Logout");
        var other = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "kementerian@mppsurvey.test",
            ["Input.Password"] = DemoSeeder.Password,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Contains("id=\"login-signed-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.Password", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        var me = await client.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal("bupati.jombang@mppsurvey.test", me!.Email);
    }
}
