using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Hosting;
using QRCoder;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// Every absolute link the app prints (QR codes, the poster, kiosk enrolment, invitations) carries
/// the configured PublicOrigin, whatever host the admin's browser used or a forged Host header named:
/// a poster printed from the internal address, or from a request with someone else's host, would send
/// visitors elsewhere.
/// </summary>
public sealed partial class PublicOriginTests(PublicOriginTests.Fixture app) : IClassFixture<PublicOriginTests.Fixture>
{
    public const string Origin = "https://skm.jombangkab.go.id";
    private const string Password = "asal-publik-uji-2026";

    public sealed class Fixture : AppFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // With a trailing slash, as operators write it: the links must not get a double slash.
            builder.UseSetting("PublicOrigin", Origin + "/");
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var mall = new Mall { RegencyCode = "35.17", Name = "MPP Jombang" };
            db.Malls.Add(mall);
            await db.SaveChangesAsync();
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("admin@asal.test", Roles.Administrator, (string?)null, (int?)null),
                ("mpp@asal.test", Roles.MppAdmin, "35.17", mall.Id));
        }
    }

    /// <summary>A client that reaches the app by an internal address, and names a forged host on every request.</summary>
    private async Task<HttpClient> SignedInFromElsewhereAsync(string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://10.20.30.40:8080"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        client.DefaultRequestHeaders.Host = "evil.example";
        var login = await LoginClient.PostLoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static void AssertNoOtherHost(string html)
    {
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("10.20.30.40", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<span class=\"qr-url\">([^<]+)</span>")]
    private static partial Regex QrUrlPattern();

    [Fact]
    public async Task QR_codes_and_their_printed_links_use_the_public_origin()
    {
        var client = await SignedInFromElsewhereAsync("mpp@asal.test");

        var html = await client.GetStringAsync("/Admin/Qr?mpp=35.17");
        var urls = QrUrlPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        Assert.Equal([Origin + "/survei/35.17"], urls);
        AssertNoOtherHost(html);
        // The PNG encodes exactly that link: the same bytes as a code made here from the expected text.
        var png = await client.GetByteArrayAsync("/Admin/Qr?handler=Png&mpp=35.17");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Origin + "/survei/35.17", QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new PngByteQRCode(data).GetGraphic(8), png);
    }

    [Fact]
    public async Task The_public_poster_and_its_QR_code_use_the_public_origin_even_for_an_anonymous_forged_host()
    {
        var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://10.20.30.40:8080") });
        visitor.DefaultRequestHeaders.Host = "evil.example";

        var poster = await visitor.GetAsync("/publik/35.17/poster");
        var html = await poster.Content.ReadAsStringAsync();
        var svg = await visitor.GetStringAsync("/publik/35.17/poster?handler=Qr");

        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Contains($"<span id=\"survey-url\">{Origin}/survei/35.17</span>", html, StringComparison.Ordinal);
        AssertNoOtherHost(html);
        // The SVG is cached by browsers and proxies for a day: a forged host must never get into it.
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Origin + "/survei/35.17", QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new SvgQRCode(data).GetGraphic(10), svg);
    }

    [Fact]
    public async Task Kiosk_enrolment_and_invitation_links_use_the_public_origin()
    {
        var mpp = await SignedInFromElsewhereAsync("mpp@asal.test");
        var enrol = await mpp.PostAsync("/Admin/Kiosks?handler=Enrol", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "Kios lobi",
            ["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(mpp, "/Admin/Kiosks"),
        }));
        var enrolHtml = WebUtility.HtmlDecode(await enrol.Content.ReadAsStringAsync());

        var admin = await SignedInFromElsewhereAsync("admin@asal.test");
        var invite = await admin.PostAsync("/Admin/Pengguna?handler=Invite", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "deputi.baru@asal.test",
            ["Input.DisplayName"] = "Deputi Baru",
            ["Input.Role"] = Roles.Ministry,
            ["Input.RegencyCode"] = "",
            ["Input.MallId"] = "",
            ["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(admin, "/Admin/Pengguna"),
        }));
        var inviteHtml = WebUtility.HtmlDecode(await invite.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains(Origin + "/kios", enrolHtml, StringComparison.Ordinal);
        AssertNoOtherHost(enrolHtml);
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Matches(Regex.Escape(Origin) + "/Account/Undangan\\?user=[^\"<\\s]+&token=", inviteHtml);
        AssertNoOtherHost(inviteHtml);
    }
    /// <summary>
    /// A regency with an internationalised domain name: links printed on posters, put in QR codes and
    /// sent in e-mails carry the ASCII (punycode) form, which every mail client, QR reader and
    /// auto-linker turns into a link; the raw Unicode host is broken or mangled by many of them.
    /// </summary>
    [Theory]
    [InlineData("https://skm.jömbang.go.id", "https://skm.xn--jmbang-wxa.go.id")]
    [InlineData(" https://SKM.Jömbang.go.id:8443/ ", "https://skm.xn--jmbang-wxa.go.id:8443")]
    [InlineData("https://skm.jombangkab.go.id/", "https://skm.jombangkab.go.id")]
    public void An_internationalised_host_is_written_in_its_ascii_form(string setting, string origin)
    {
        var links = new PublicLinks(Microsoft.Extensions.Options.Options.Create(new PublicOriginOptions { Value = setting }));

        Assert.Equal(origin + "/survei/35.17", links.Absolute(null, "/survei/35.17"));
    }
}
