using System.Net;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Email;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// The mail server is configured but down (the test's SMTP server, stopped): an invitation is still
/// created and its link shown, with a message that sending failed, never a 500. Also the per-address
/// limit of the "lupa kata sandi" form, which needs no mail to be sent.
/// </summary>
public sealed class MailServerDownTests(MailServerDownTests.Fixture app) : IClassFixture<MailServerDownTests.Fixture>
{
    public sealed class Fixture : EmailFixture
    {
        protected override bool SmtpRunning => false;

        /// <summary>The default.</summary>
        protected override int ResetRequestsPerAddress => 10;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            CapturedLog.AddTo(builder);
        }
    }

    [Fact]
    public async Task An_invitation_is_still_created_and_the_inviter_sees_the_link_and_that_sending_failed()
    {
        var admin = await app.AdminFromElsewhereAsync();

        var invite = await EmailFixture.PostFormAsync(admin, "/Admin/Pengguna", "/Admin/Pengguna?handler=Invite",
        [
            new("Input.Email", "server.mati@surel.test"), new("Input.DisplayName", "Server Mati"), new("Input.Role", Roles.MppAdmin),
            new("Input.MallId", app.MallId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var html = WebUtility.HtmlDecode(await invite.Content.ReadAsStringAsync());
        Assert.Contains("Undangan untuk server.mati@surel.test dibuat, tetapi surel tidak dapat dikirim", html);
        var link = UserAdministrationTests.InvitationLink(html);
        Assert.Contains(EmailFixture.Origin + link, html);
        var invited = await app.UserAsync("server.mati@surel.test");
        Assert.NotNull(invited);
        Assert.NotNull(invited.InvitedAt);
        // The link shown works.
        var form = await LoginClient.Anonymous(app).GetAsync(link);
        Assert.Contains("server.mati@surel.test", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_lupa_kata_sandi_form_takes_ten_requests_per_address_then_answers_429_with_a_message()
    {
        var visitor = LoginClient.Anonymous(app);
        for (var i = 0; i < 10; i++)
        {
            var ok = await EmailFixture.PostFormAsync(visitor, "/Account/LupaKataSandi", "/Account/LupaKataSandi", [new("Input.Email", $"orang{i}@luar.test")]);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        var refused = await EmailFixture.PostFormAsync(visitor, "/Account/LupaKataSandi", "/Account/LupaKataSandi", [new("Input.Email", "satu.lagi@luar.test")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Terlalu banyak permintaan dari alamat jaringan ini.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        // An operator counts these refusals like the API's: one line with the request's correlation id, and never the typed address.
        var log = CapturedLog.Of(app.Services);
        var line = Assert.Single(log.Events(4003));
        Assert.Equal(refused.Headers.GetValues("X-Correlation-Id").Single(), CapturedLog.CorrelationIdOf(line.Json));
        Assert.All(log.Lines, l => Assert.DoesNotContain("luar.test", l, StringComparison.Ordinal));
    }
}
