using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// "Lupa kata sandi" through a real SMTP server: the mail arrives in the account's language, its link
/// (PublicOrigin) leads to a new password and a signed-in session, ends the account's other sessions,
/// and works once. The form answers an unknown address exactly like a known one and mails nothing;
/// a double submit mails once; a token tried against another user's id changes nothing.
/// </summary>
public sealed class PasswordResetMailTests(EmailFixture app) : IClassFixture<EmailFixture>
{
    private const string NewPassword = "kata-sandi-baru-2026";

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string email) =>
        EmailFixture.PostFormAsync(client, "/Account/LupaKataSandi", "/Account/LupaKataSandi", [Field("Input.Email", email)]);

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient client, Uri link, string password, string? userId = null)
    {
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        return EmailFixture.PostFormAsync(client, "/Account/Login", "/Account/AturUlangKataSandi" + (query["culture"] is { } c ? "?culture=" + c : ""),
            [Field("user", userId ?? query["user"]!), Field("Token", query["token"]!), Field("Input.Password", password), Field("Input.Confirm", password)]);
    }

    private async Task<Uri> ResetLinkAsync(string email)
    {
        var asked = await AskAsync(app.FromElsewhere(), email);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var mail = await app.Smtp.WaitForAsync(email);
        return EmailFixture.LinkIn(mail);
    }

    [Fact]
    public async Task The_reset_mail_leads_to_a_new_password_and_a_signed_in_session_ends_other_sessions_and_works_once()
    {
        await app.CreateUserAsync("lupa@surel.test", Roles.MppAdmin, "en", "35.17", app.MallId, "Dewi Lestari");
        var elsewhere = await LoginClient.SignedInAsync(app, "lupa@surel.test", EmailFixture.Password);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/me")).StatusCode);
        // The login page offers the way in.
        Assert.Contains("href=\"/Account/LupaKataSandi\"", await LoginClient.Anonymous(app).GetStringAsync("/Account/Login"));

        var asked = await AskAsync(app.FromElsewhere(), "Lupa@Surel.test ");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal("/Account/LupaKataSandi?terkirim=1", asked.Headers.Location!.OriginalString);

        var mail = await app.Smtp.WaitForAsync("lupa@surel.test");
        Assert.Equal(["lupa@surel.test"], mail.EnvelopeTo);
        Assert.Equal("Reset your MppSurvey password", mail.Subject);
        Assert.StartsWith("Dear Dewi Lestari,", mail.Text);
        var link = EmailFixture.LinkIn(mail);
        Assert.Equal(EmailFixture.Origin + "/Account/AturUlangKataSandi", link.GetLeftPart(UriPartial.Path));

        var visitor = LoginClient.Anonymous(app);
        var form = await visitor.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Choose a new password for lupa@surel.test.", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
        var reset = await ChooseAsync(visitor, link, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/", reset.Headers.Location!.OriginalString);
        var me = await visitor.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("lupa@surel.test", await me.Content.ReadAsStringAsync());
        // The session signed in before the reset is over; the old password no longer works, the new one does.
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/me")).StatusCode);
        var old = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "lupa@surel.test", EmailFixture.Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await LoginClient.SignedInAsync(app, "lupa@surel.test", NewPassword);

        // The link works once: the back button shows it as used, and posting it again changes nothing.
        var back = await visitor.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains("id=\"reset-problem\"", await back.Content.ReadAsStringAsync());
        var hash = (await app.UserAsync("lupa@surel.test"))!.PasswordHash;
        var again = await ChooseAsync(LoginClient.Anonymous(app), link, "orang-lain-2026x");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This link is not valid", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal(hash, (await app.UserAsync("lupa@surel.test"))!.PasswordHash);

        await using var scope = app.Scope();
        var audit = await app.Db(scope).AuditEntries.AsNoTracking().Where(a => a.Action == "user.reset" && a.Target == "lupa@surel.test").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("lupa@surel.test", entry.Actor);
        Assert.Equal(app.MallId, entry.MallId);
    }

    [Fact]
    public async Task A_browser_signed_in_as_the_user_that_resets_is_sent_to_sign_in_with_the_new_password()
    {
        await app.CreateUserAsync("masih.masuk@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        var link = await ResetLinkAsync("masih.masuk@surel.test");
        var signedIn = await LoginClient.SignedInAsync(app, "masih.masuk@surel.test", EmailFixture.Password);

        var reset = await ChooseAsync(signedIn, link, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/Account/Login?sandi=diganti", reset.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/v1/me")).StatusCode);
        Assert.Contains("Kata sandi Anda telah diganti dan semua sesi akun ini berakhir.",
            WebUtility.HtmlDecode(await signedIn.GetStringAsync("/Account/Login?sandi=diganti")));
        Assert.Equal(HttpStatusCode.Redirect, (await LoginClient.PostLoginAsync(signedIn, "masih.masuk@surel.test", NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_as_a_known_one_and_no_mail()
    {
        await app.CreateUserAsync("dikenal@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        var jobs = await app.SucceededJobsWhenIdleAsync();
        var before = app.Smtp.Received.Count;

        var unknown = await AskAsync(LoginClient.Anonymous(app), "tidak.ada@surel.test");
        var known = await AskAsync(LoginClient.Anonymous(app), "dikenal@surel.test");

        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        var unknownPage = await LoginClient.Anonymous(app).GetStringAsync(unknown.Headers.Location!.OriginalString);
        Assert.Contains("Jika ada akun dengan alamat surel itu", WebUtility.HtmlDecode(unknownPage));
        await app.WaitForSucceededJobsAsync(jobs + 2);
        var mail = await app.Smtp.WaitForAsync("dikenal@surel.test");
        Assert.Equal("Atur ulang kata sandi MppSurvey", mail.Subject);
        Assert.Equal(before + 1, app.Smtp.Received.Count);
        Assert.Empty(app.Smtp.To("tidak.ada@surel.test"));
    }

    [Fact]
    public async Task A_double_submit_of_the_request_sends_one_mail()
    {
        await app.CreateUserAsync("dobel@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        var jobs = await app.SucceededJobsWhenIdleAsync();

        var answers = await FormRequests.AtOnceAsync(LoginClient.Anonymous(app), "/Account/LupaKataSandi", "/Account/LupaKataSandi",
            [Field("Input.Email", "dobel@surel.test")], times: 3);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        await app.WaitForSucceededJobsAsync(jobs + 3);
        await app.Smtp.WaitForAsync("dobel@surel.test");
        Assert.Single(app.Smtp.To("dobel@surel.test"));
    }

    [Fact]
    public async Task A_token_posted_with_another_users_id_changes_no_password()
    {
        await app.CreateUserAsync("pemilik@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        await app.CreateUserAsync("sasaran@surel.test", Roles.Administrator);
        var link = await ResetLinkAsync("pemilik@surel.test");
        var target = (await app.UserAsync("sasaran@surel.test"))!;

        var forged = await ChooseAsync(LoginClient.Anonymous(app), link, "diambil-alih-2026", target.Id);

        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains("Tautan ini tidak berlaku", WebUtility.HtmlDecode(await forged.Content.ReadAsStringAsync()));
        Assert.Equal(target.PasswordHash, (await app.UserAsync("sasaran@surel.test"))!.PasswordHash);
        Assert.Equal(target.SecurityStamp, (await app.UserAsync("sasaran@surel.test"))!.SecurityStamp);
        // The owner's own link still works: the forgery used nothing up.
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(LoginClient.Anonymous(app), link, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_double_submit_of_the_new_password_saves_it_once_and_never_fails_with_a_server_error()
    {
        await app.CreateUserAsync("dua.klik@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        var link = await ResetLinkAsync("dua.klik@surel.test");
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        var answers = await FormRequests.AtOnceAsync(LoginClient.Anonymous(app), "/Account/Login", "/Account/AturUlangKataSandi",
            [Field("user", query["user"]!), Field("Token", query["token"]!), Field("Input.Password", NewPassword), Field("Input.Confirm", NewPassword)], times: 3);

        FormRequests.AssertOneDoneRestRefused(answers);
        await using var scope = app.Scope();
        Assert.Equal(1, await app.Db(scope).AuditEntries.CountAsync(a => a.Action == "user.reset" && a.Actor == "dua.klik@surel.test"));
    }

    [Fact]
    public async Task A_disabled_account_gets_no_mail_and_its_old_link_is_refused()
    {
        await app.CreateUserAsync("nonaktif@surel.test", Roles.MppAdmin, "id", "35.17", app.MallId);
        var link = await ResetLinkAsync("nonaktif@surel.test");
        await using (var scope = app.Scope())
        {
            await app.Db(scope).Users.Where(u => u.Email == "nonaktif@surel.test")
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, AccountDisabling.Until).SetProperty(u => u.PasswordResetMailedAt, (DateTimeOffset?)null));
        }
        var jobs = await app.SucceededJobsWhenIdleAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await AskAsync(LoginClient.Anonymous(app), "nonaktif@surel.test")).StatusCode);
        var used = await ChooseAsync(LoginClient.Anonymous(app), link, NewPassword);

        Assert.Contains("id=\"reset-problem\"", await used.Content.ReadAsStringAsync());
        await app.WaitForSucceededJobsAsync(jobs + 1);
        Assert.Single(app.Smtp.To("nonaktif@surel.test"));
    }

    [Fact]
    public async Task An_empty_or_malformed_address_is_refused_beside_the_field()
    {
        var jobs = await app.SucceededJobsWhenIdleAsync();
        foreach (var (bad, message) in new[]
        {
            ("", "Email wajib diisi."),
            ("bukan-alamat", "Email bukan alamat email yang valid."),
            ("a@b.test\r\nBcc: korban@luar.test", "Email bukan alamat email yang valid."),
            (new string('a', 300) + "@surel.test", "Email paling banyak 256 karakter."),
        })
        {
            var answer = await AskAsync(LoginClient.Anonymous(app), bad);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }
        await Task.Delay(1500);
        Assert.Equal(jobs, app.SucceededJobs());
        Assert.Empty(app.Smtp.To("korban@luar.test"));
    }
}
