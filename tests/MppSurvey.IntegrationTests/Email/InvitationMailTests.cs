using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// Invitations by e-mail through a real SMTP server: the invitee receives the mail in the language the
/// inviter chose, its link carries PublicOrigin whatever host the inviter's browser used, and following
/// it through the app leads to a chosen password and a signed-in session. Hostile names and addresses
/// (line breaks meant to add headers, odd Unicode, markup) cannot change who gets the mail or what it shows.
/// </summary>
public sealed class InvitationMailTests(EmailFixture app) : IClassFixture<EmailFixture>
{
    private sealed record Me(string Email, string DisplayName, string[] Roles, string? Regency, int? Mall);

    private static Task<HttpResponseMessage> InviteAsync(HttpClient client, string email, string name, string role, int? mall = null, string? culture = null, string? regency = null) =>
        EmailFixture.PostFormAsync(client, "/Admin/Pengguna", "/Admin/Pengguna?handler=Invite", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = name,
            ["Input.Role"] = role,
            ["Input.RegencyCode"] = regency ?? "",
            ["Input.MallId"] = mall?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["Input.Culture"] = culture ?? "",
        });

    [Fact]
    public async Task An_English_invitation_reaches_the_invitee_and_its_PublicOrigin_link_leads_to_a_password_and_a_signed_in_session()
    {
        var admin = await app.AdminFromElsewhereAsync();

        var invite = await InviteAsync(admin, "kepala.mpp@surel.test", "Siti Rahayu", Roles.MppAdmin, app.MallId, "en");

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var page = await invite.Content.ReadAsStringAsync();
        Assert.Contains("Undangan telah dikirim melalui surel ke kepala.mpp@surel.test.", WebUtility.HtmlDecode(page));
        // The link is shown too (the inviter's choice to pass it on if the mail is lost), with the configured origin.
        var shown = UserAdministrationTests.InvitationLink(page);
        Assert.Contains(EmailFixture.Origin + shown, WebUtility.HtmlDecode(page));

        var mail = await app.Smtp.WaitForAsync("kepala.mpp@surel.test");
        Assert.Equal(["kepala.mpp@surel.test"], mail.EnvelopeTo);
        Assert.Equal("kepala.mpp@surel.test", mail.To.Address);
        Assert.Equal("Siti Rahayu", mail.To.Name);
        Assert.Equal("skm@jombangkab.go.id", mail.Message.From.Mailboxes.Single().Address);
        Assert.Equal("MppSurvey", mail.Message.From.Mailboxes.Single().Name);
        Assert.Equal("Your invitation to MppSurvey", mail.Subject);
        Assert.StartsWith("Dear Siti Rahayu,", mail.Text);
        Assert.Contains($"{EmailFixture.Admin} has invited you to MppSurvey as MPP administrator.", mail.Text);
        Assert.Contains("<html lang=\"en\">", mail.Html);
        var link = EmailFixture.LinkIn(mail);
        Assert.Equal(EmailFixture.Origin, link.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/Account/Undangan", link.AbsolutePath);
        Assert.EndsWith("&culture=en", link.Query);
        Assert.Equal(EmailFixture.Origin + shown, link.ToString());

        // The invitee follows the link (path and query, against the app) and chooses a password.
        var invitee = LoginClient.Anonymous(app);
        var form = await invitee.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Choose a password for kepala.mpp@surel.test.", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
        var accept = await EmailFixture.PostFormAsync(invitee, link.PathAndQuery, link.PathAndQuery,
            [new("Input.Password", "siti-rahayu-2026"), new("Input.Confirm", "siti-rahayu-2026")]);
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);

        var signedIn = await LoginClient.SignedInAsync(app, "kepala.mpp@surel.test", "siti-rahayu-2026");
        var me = await signedIn.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal("kepala.mpp@surel.test", me!.Email);
        Assert.Equal([Roles.MppAdmin], me.Roles);
        Assert.Equal(app.MallId, me.Mall);
        // The page was read in English: the user's next mails are English too.
        Assert.Equal("en", (await app.UserAsync("kepala.mpp@surel.test"))!.PreferredCulture);
    }

    [Fact]
    public async Task An_invitation_is_Indonesian_by_default()
    {
        var admin = await app.AdminFromElsewhereAsync();

        var invite = await InviteAsync(admin, "bupati.baru@surel.test", "Bupati Jombang", Roles.RegionalHead, regency: "35.17");

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var mail = await app.Smtp.WaitForAsync("bupati.baru@surel.test");
        Assert.Equal("Undangan ke MppSurvey", mail.Subject);
        Assert.StartsWith("Yth. Bupati Jombang,", mail.Text);
        Assert.Contains("sebagai Kepala Daerah", mail.Text);
        Assert.DoesNotContain("culture=", EmailFixture.LinkIn(mail).Query);
        Assert.Equal("id", (await app.UserAsync("bupati.baru@surel.test"))!.PreferredCulture);
    }

    [Fact]
    public async Task Markup_in_the_name_is_shown_as_text_and_a_line_break_in_it_is_refused_beside_the_field_with_nothing_sent()
    {
        var admin = await app.AdminFromElsewhereAsync();
        const string name = "Budi <b>Santoso</b> & Co";

        var refused = await InviteAsync(admin, "budi.baris@surel.test", name + "\r\nBcc: korban@luar.test", Roles.MppAdmin, app.MallId);
        var invite = await InviteAsync(admin, "budi@surel.test", name, Roles.MppAdmin, app.MallId);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-valmsg-for=\"Input.DisplayName\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var mail = await app.Smtp.WaitForAsync("budi@surel.test");
        Assert.Equal(["budi@surel.test"], mail.EnvelopeTo);
        Assert.Empty(mail.Message.Bcc);
        Assert.Empty(mail.Message.Cc);
        Assert.Empty(app.Smtp.To("korban@luar.test"));
        Assert.Empty(app.Smtp.To("budi.baris@surel.test"));
        Assert.Equal(name, mail.To.Name);
        Assert.Contains("Budi &lt;b&gt;Santoso&lt;/b&gt; &amp; Co", mail.Html);
        Assert.DoesNotContain("<b>Santoso</b>", mail.Html);
        await using var scope = app.Scope();
        Assert.False(await app.Db(scope).Users.AnyAsync(u => u.Email!.StartsWith("budi.baris@")));
    }

    [Fact]
    public async Task A_line_break_in_the_address_is_refused_beside_the_field_and_nothing_is_created_or_sent()
    {
        var admin = await app.AdminFromElsewhereAsync();
        var before = app.Smtp.Received.Count;

        var invite = await InviteAsync(admin, "sela@surel.test\r\nBcc: korban@luar.test", "Sela", Roles.MppAdmin, app.MallId);

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Contains("data-valmsg-for=\"Input.Email\"", await invite.Content.ReadAsStringAsync());
        await using var scope = app.Scope();
        Assert.False(await app.Db(scope).Users.AnyAsync(u => u.Email!.StartsWith("sela@")));
        await Task.Delay(500);
        Assert.Equal(before, app.Smtp.Received.Count);
    }

    [Fact]
    public async Task Odd_Unicode_in_the_name_arrives_intact_without_its_invisible_bidi_and_zero_width_marks()
    {
        var admin = await app.AdminFromElsewhereAsync();
        // Combining marks, a non-BMP emoji, Javanese script, a right-to-left override and a zero-width space.
        var name = "Nguye\u0302\u0303n Ayu 🌺 ꦄꦪꦸ \u202Egnp.exe\u200B";

        var invite = await InviteAsync(admin, "ayu@surel.test", name, Roles.MppAdmin, app.MallId);

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var mail = await app.Smtp.WaitForAsync("ayu@surel.test");
        const string shown = "Nguye\u0302\u0303n Ayu 🌺 ꦄꦪꦸ gnp.exe";
        Assert.Equal(shown, mail.To.Name);
        Assert.StartsWith($"Yth. {shown},", mail.Text);
        Assert.DoesNotContain("\u202E", mail.Text + mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u200B", mail.Text + mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_language_is_refused_beside_the_field()
    {
        var admin = await app.AdminFromElsewhereAsync();

        var invite = await InviteAsync(admin, "bahasa@surel.test", "Bahasa", Roles.MppAdmin, app.MallId, "xx");

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Contains("Pilih Bahasa Indonesia atau English.", WebUtility.HtmlDecode(await invite.Content.ReadAsStringAsync()));
        Assert.Null(await app.UserAsync("bahasa@surel.test"));
    }
}
