using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Email;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// Turning the weekly digest off (notices): on the account page (/Account/Pengaturan, only the signed-in
/// account, refusing an empty or odd form beside the field), and with the digest's unsubscribe link
/// without signing in (opening it changes nothing; the button or a mail client's RFC 8058 one-click post
/// does; a forged or expired token changes nothing and says so). A user who turned it off gets no digest.
/// </summary>
public sealed class DigestOptOutTests(DigestFixture app) : IClassFixture<DigestFixture>
{
    private async Task<bool> DigestOnAsync(string email) => (await app.UserAsync(email))!.WeeklyDigest;

    private async Task<WeeklyDigestMail.Outcome> RunAsync()
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<WeeklyDigestMail>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_account_page_turns_the_digest_off_for_the_signed_in_user_only_and_refuses_an_empty_or_odd_form()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await LoginClient.Anonymous(app).GetAsync("/Account/Pengaturan")).StatusCode);
        var client = await LoginClient.SignedInAsync(app, DigestFixture.BupatiBima, EmailFixture.Password);
        var page = await client.GetStringAsync("/Account/Pengaturan");
        Assert.Contains("id=\"digest-on\" checked=\"checked\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("digest-not-for-role", page, StringComparison.Ordinal);

        foreach (var fields in new[] { Array.Empty<KeyValuePair<string, string>>(), [new("ringkasan", "mungkin")], [new("ringkasan", "")] })
        {
            var refused = await EmailFixture.PostFormAsync(client, "/Account/Pengaturan", "/Account/Pengaturan", fields);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Pilih salah satu: kirimi atau jangan kirimi.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
            Assert.True(await DigestOnAsync(DigestFixture.BupatiBima));
        }
        // Without the antiforgery token (a forged cross-site post): refused, nothing changed.
        var forged = await client.PostAsync("/Account/Pengaturan", new FormUrlEncodedContent([new("ringkasan", "tidak")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await DigestOnAsync(DigestFixture.BupatiBima));

        // Another user's id in the form is ignored: only the signed-in account changes.
        var other = (await app.UserAsync(DigestFixture.MppJombang))!.Id;
        var saved = await EmailFixture.PostFormAsync(client, "/Account/Pengaturan", "/Account/Pengaturan",
            [new("ringkasan", "tidak"), new("Id", other), new("userId", other), new("WeeklyDigest", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Account/Pengaturan?tersimpan=1", saved.Headers.Location?.OriginalString);
        Assert.False(await DigestOnAsync(DigestFixture.BupatiBima));
        Assert.True(await DigestOnAsync(DigestFixture.MppJombang));
        var after = await client.GetStringAsync("/Account/Pengaturan?tersimpan=1");
        Assert.Contains("id=\"digest-off\" checked=\"checked\"", after, StringComparison.Ordinal);
        Assert.Contains("Pengaturan disimpan.", after, StringComparison.Ordinal);

        // The week's run leaves the user out; turned on again, they are a recipient again.
        try
        {
            var before = app.Smtp.To(DigestFixture.BupatiBima).Count;
            var outcome = await RunAsync();
            Assert.Equal(2, outcome.Recipients);
            Assert.Equal(before, app.Smtp.To(DigestFixture.BupatiBima).Count);
            Assert.Single(app.Smtp.To(DigestFixture.MppJombang));
        }
        finally
        {
            var on = await EmailFixture.PostFormAsync(client, "/Account/Pengaturan", "/Account/Pengaturan", [new("ringkasan", "ya")]);
            Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        }
        Assert.True(await DigestOnAsync(DigestFixture.BupatiBima));
    }

    [Fact]
    public async Task The_unsubscribe_link_works_without_signing_in_and_a_forged_or_expired_token_changes_nothing()
    {
        await RunAsync();
        var mail = app.Smtp.To(DigestFixture.BupatiJombang).Last();
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail.Text, @"https://\S+/Account/BerhentiBerlangganan\?token=\S+").Value);
        var path = link.PathAndQuery;
        var visitor = LoginClient.Anonymous(app);

        // Opening it (a mail scanner, a link preview) changes nothing.
        var shown = await visitor.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("id=\"unsubscribe-button\"", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await DigestOnAsync(DigestFixture.BupatiJombang));

        // Forged (one character changed) and expired tokens: a page that says so, 400, nothing changed.
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var expired = app.Services.GetRequiredService<DigestUnsubscribe>().Token((await app.UserAsync(DigestFixture.BupatiJombang))!.Id, DateTimeOffset.UtcNow.AddMinutes(-1));
        foreach (var bad in new[] { altered, expired, "", "bukan-token", new string('A', 5000) })
        {
            var query = "/Account/BerhentiBerlangganan?token=" + Uri.EscapeDataString(bad);
            var get = await visitor.GetAsync(query);
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            Assert.Contains("Tautan ini tidak berlaku", WebUtility.HtmlDecode(await get.Content.ReadAsStringAsync()));
            var post = await visitor.PostAsync(query, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }
        Assert.True(await DigestOnAsync(DigestFixture.BupatiJombang));

        // The mail client's one-click post (RFC 8058): no cookie, no antiforgery token.
        var oneClick = await visitor.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        // The link of an English mail opens the page in English.
        Assert.Contains("The weekly digest is no longer sent to " + DigestFixture.BupatiJombang, WebUtility.HtmlDecode(await oneClick.Content.ReadAsStringAsync()));
        Assert.False(await DigestOnAsync(DigestFixture.BupatiJombang));
        // Only that user: the others keep theirs.
        Assert.True(await DigestOnAsync(DigestFixture.MppJombang));
        Assert.True(await DigestOnAsync(DigestFixture.BupatiBima));
        // The button after the mail client already did it (or a double click): the same answer, still off.
        var again = await visitor.PostAsync(path, new FormUrlEncodedContent([new("token", token)]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(await DigestOnAsync(DigestFixture.BupatiJombang));

        await using var scope = app.Scope();
        await app.Db(scope).Users.Where(u => u.Email == DigestFixture.BupatiJombang).ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, true));
    }
}
