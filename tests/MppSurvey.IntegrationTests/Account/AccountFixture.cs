using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Account;

/// <summary>Two MPPs (35.17, 52.72) and one user per role; tests that change a user make their own.</summary>
public sealed class AccountFixture : AppFixture
{
    public const string Password = "akun-uji-2026-aman";
    public const string Administrator = "admin@akun.test";
    public const string Ministry = "deputi@akun.test";
    public const string RegionalHead = "bupati@akun.test";

    public Dictionary<string, int> MallIds { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        foreach (var code in new[] { "35.17", "52.72" })
        {
            var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
            db.Malls.Add(mall);
            await db.SaveChangesAsync();
            MallIds[code] = mall.Id;
        }
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
            (Administrator, Roles.Administrator, (string?)null, (int?)null),
            (Ministry, Roles.Ministry, null, null),
            (RegionalHead, Roles.RegionalHead, "35.17", null));
    }

    /// <summary>A user of the test's own, so that changing or locking it disturbs no other test.</summary>
    public async Task<string> NewUserAsync(string email, string role, string? regency = null, int? mall = null)
    {
        await using var scope = Scope();
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password, (email, role, regency, mall));
        return (await Db(scope).Users.AsNoTracking().SingleAsync(u => u.Email == email)).Id;
    }

    public async Task<int> SessionCountAsync(string email)
    {
        await using var scope = Scope();
        var db = Db(scope);
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM user_sessions WHERE user_id = {id}").SingleAsync();
    }
}

/// <summary>What a browser keeps and sends: the login cookie as a string, to replay from another client.</summary>
public static partial class AuthCookie
{
    [GeneratedRegex("^mppsurvey\\.auth=([^;]*)")]
    private static partial Regex Pattern();

    /// <summary>Signs in through the login form and returns the client with the cookie value the server set.</summary>
    public static async Task<(HttpClient Client, string Cookie)> SignInAsync(AppFixture app, string email, string password)
    {
        var client = LoginClient.Anonymous(app);
        var response = await LoginClient.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, Of(response) ?? throw new InvalidOperationException("no login cookie set"));
    }

    public static string? Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => Pattern().Match(v)).Where(m => m.Success && m.Groups[1].Value.Length > 0).Select(m => m.Groups[1].Value).FirstOrDefault()
            : null;

    /// <summary>A client that sends exactly this cookie and keeps nothing (the copy an attacker or a back-up kept).</summary>
    public static HttpClient Replaying(WebApplicationFactory<Program> app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", "mppsurvey.auth=" + cookie);
        return client;
    }
}

/// <summary>The header of a signed-in page and its sign-out form, posted as a browser posts it.</summary>
public static partial class HeaderForm
{
    [GeneratedRegex("<header\\b.*?</header>", RegexOptions.Singleline)]
    private static partial Regex Header();

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex("\\b(name|value|action|method)=\"([^\"]*)\"")]
    private static partial Regex Attribute();

    public sealed record Found(string Action, string Method, Dictionary<string, string> Fields);

    /// <summary>The first form in the page's header, with its action and every named input, as the HTML gives them.</summary>
    public static Found SignOutForm(string html)
    {
        var header = Header().Match(html);
        Assert.True(header.Success, "no <header> in the page");
        var form = Form().Match(header.Value);
        Assert.True(form.Success, "no form in the header: " + header.Value);
        var attributes = Attributes(form.Groups[1].Value);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Input().Matches(form.Groups[2].Value))
        {
            var a = Attributes(input.Value);
            if (a.TryGetValue("name", out var name))
            {
                fields[name] = a.GetValueOrDefault("value", "");
            }
        }
        return new Found(attributes.GetValueOrDefault("action", ""), attributes.GetValueOrDefault("method", "get"), fields);
    }

    private static Dictionary<string, string> Attributes(string tag) =>
        Attribute().Matches(tag).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value), StringComparer.Ordinal);

    /// <summary>GETs the page, then posts its header form with exactly the fields the form holds.</summary>
    public static async Task<HttpResponseMessage> PostSignOutAsync(HttpClient client, string page = "/")
    {
        var html = await client.GetStringAsync(page);
        var form = SignOutForm(html);
        Assert.Equal("post", form.Method, ignoreCase: true);
        return await client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
    }
}
