using System.Net;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// Without `Email:Smtp:Host` the app works as it always did: the inviter gets the link to pass on by
/// hand and the page says why, and "lupa kata sandi" says that resetting by e-mail is not available
/// here and queues nothing.
/// </summary>
public sealed class MailWithoutSmtpTests(UserAdministrationTests.Fixture app) : IClassFixture<UserAdministrationTests.Fixture>
{
    [Fact]
    public async Task The_invitation_page_says_e_mail_is_off_and_shows_the_link_to_pass_on()
    {
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", UserAdministrationTests.Password);

        var form = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Pengguna"));
        var invite = await UserAdministrationTests.InviteAsync(admin, "tanpa.surel@uji.test", "Tanpa Surel", Roles.MppAdmin, mall: app.MallIds["35.17"]);

        Assert.Contains("Pengiriman surel belum diatur di server ini (pengaturan Email:Smtp:Host)", form);
        var html = WebUtility.HtmlDecode(await invite.Content.ReadAsStringAsync());
        Assert.Contains("Undangan untuk tanpa.surel@uji.test dibuat. Tautan ini hanya ditampilkan sekali", html);
        Assert.Contains("http://localhost/Account/Undangan?user=", html);
        Assert.DoesNotContain("id=\"invitation-sent\"", html);
    }

    [Fact]
    public async Task Forgetting_a_password_says_reset_by_e_mail_is_unavailable_and_queues_nothing()
    {
        var visitor = LoginClient.Anonymous(app);
        var page = WebUtility.HtmlDecode(await visitor.GetStringAsync("/Account/LupaKataSandi"));
        var monitoring = app.Services.GetService(typeof(Hangfire.JobStorage)) is Hangfire.JobStorage storage ? storage.GetMonitoringApi() : null;
        var queued = monitoring!.EnqueuedCount("default") + monitoring.SucceededListCount() + monitoring.ProcessingCount();

        var post = await FormRequests.ReplayAsync(visitor, "/Account/LupaKataSandi",
            await FormRequests.WithTokenAsync(visitor, "/Account/Login", [new("Input.Email", "admin@uji.test")]));

        Assert.Contains("Atur ulang kata sandi melalui surel tidak tersedia di server ini", page);
        Assert.DoesNotContain("name=\"Input.Email\"", page);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("tidak tersedia di server ini", WebUtility.HtmlDecode(await post.Content.ReadAsStringAsync()));
        Assert.Equal(queued, monitoring.EnqueuedCount("default") + monitoring.SucceededListCount() + monitoring.ProcessingCount());
    }
}
