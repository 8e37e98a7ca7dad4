using System.Net;
using System.Text.RegularExpressions;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Account;

/// <summary>
/// Where each role lands after sign-in (its own work, not a list of links), that a local ReturnUrl still
/// wins and another site's never does, and what the navigation bar offers each role.
/// </summary>
public sealed partial class LandingTests(AccountFixture app) : IClassFixture<AccountFixture>
{
    private const string MppAdmin = "admin.mpp@akun.test";

    [GeneratedRegex("<nav aria-label=\"Navigasi utama\" id=\"site-nav\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex SiteNav();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [Theory]
    [InlineData(AccountFixture.Administrator, "/")]
    [InlineData(AccountFixture.Ministry, "/kementerian")]
    [InlineData(AccountFixture.RegionalHead, "/dasbor/35.17")]
    [InlineData(MppAdmin, "/dasbor/52.72")]
    public async Task Each_role_lands_where_its_work_is(string email, string landing)
    {
        await EnsureMppAdminAsync();

        var response = await PostLoginAsync(LoginClient.Anonymous(app), email, returnUrl: null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/laporan")]
    [InlineData("/dasbor/35.17?periode=2026-S1")]
    public async Task A_local_return_url_still_wins(string returnUrl)
    {
        var response = await PostLoginAsync(LoginClient.Anonymous(app), AccountFixture.RegionalHead, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/dasbor/35.17")]
    public async Task Another_sites_return_url_is_ignored_and_the_role_lands_on_its_page(string returnUrl)
    {
        var response = await PostLoginAsync(LoginClient.Anonymous(app), AccountFixture.RegionalHead, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dasbor/35.17", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_second_submit_while_signed_in_lands_on_the_role_page_too()
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.Ministry, AccountFixture.Password);

        var again = await PostLoginAsync(client, AccountFixture.Ministry, "//evil.example", tokenPage: "/Account/Logout");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/kementerian", again.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(AccountFixture.Administrator, new[] { "/", "/kementerian", "/Admin/Peringatan", "/laporan" })]
    [InlineData(AccountFixture.Ministry, new[] { "/kementerian", "/Admin/Peringatan", "/laporan" })]
    [InlineData(AccountFixture.RegionalHead, new[] { "/dasbor/35.17", "/Admin/Peringatan", "/laporan" })]
    [InlineData(MppAdmin, new[] { "/dasbor/52.72", "/Admin/Peringatan", "/laporan", "/Admin/Periode", "/Admin/TindakLanjut", "/Admin/Instansi", "/Admin/Survei", "/Admin/Templat", "/Admin/Qr", "/Admin/Kiosks", "/Admin/KunciApi", "/Admin/Import" })]
    public async Task The_navigation_offers_each_role_its_pages_and_every_link_opens(string email, string[] pages)
    {
        await EnsureMppAdminAsync();
        var client = await LoginClient.SignedInAsync(app, email, AccountFixture.Password);

        var nav = SiteNav().Match(await client.GetStringAsync("/laporan"));

        Assert.True(nav.Success, "no site navigation on /laporan");
        var links = Href().Matches(nav.Value).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Where(h => !h.StartsWith("/Culture", StringComparison.Ordinal)).ToArray();
        Assert.Equal(pages, links);
        // No link in the bar may end on the access-denied page.
        foreach (var page in pages)
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.Contains("aria-current=\"page\">Laporan</a>", nav.Value, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-user\"", nav.Value, StringComparison.Ordinal);
        Assert.Contains("Keluar", nav.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_page_has_the_navigation_with_the_language_switch_and_sign_in_only()
    {
        var nav = SiteNav().Match(await LoginClient.Anonymous(app).GetStringAsync("/publik"));

        Assert.True(nav.Success);
        Assert.Equal(["/Account/Login"], Href().Matches(nav.Value).Select(m => m.Groups[1].Value).Where(h => !h.StartsWith("/Culture", StringComparison.Ordinal)));
        Assert.DoesNotContain("nav-user", nav.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_for_other_roles_says_the_account_lacks_the_right_not_try_again()
    {
        var client = await LoginClient.SignedInAsync(app, AccountFixture.RegionalHead, AccountFixture.Password);

        var refused = await client.GetAsync("/kementerian");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await client.GetAsync(refused.Headers.Location!);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("akun Anda (Kepala Daerah) tidak berhak membukanya", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dasbor/35.17\" id=\"access-denied-home\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("coba lagi", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_page_says_it_does_not_exist_not_try_again()
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/tidak-ada-halaman-ini");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Halaman ini tidak ada.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("coba lagi", html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task EnsureMppAdminAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!_mppAdminMade)
            {
                await app.NewUserAsync(MppAdmin, Roles.MppAdmin, "52.72", app.MallIds["52.72"]);
                _mppAdminMade = true;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    // One MPP admin for the class: xunit makes a new instance per test, the fixture's database lives on.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _mppAdminMade;

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string? returnUrl, string? tokenPage = null)
    {
        var path = returnUrl is null ? "/Account/Login" : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var token = await LoginClient.AntiforgeryTokenAsync(client, tokenPage ?? path);
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountFixture.Password,
            ["__RequestVerificationToken"] = token,
        };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}
