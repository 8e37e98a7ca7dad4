using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Invitations;

/// <summary>
/// Digital invitations end to end: a key made on the admin page asks POST /api/v1/undangan for a link,
/// the link opens the survey bound to its service, and the one response it brings is stored as the
/// digital model through channel invitation; a second response through it is refused.
/// </summary>
public sealed class InvitationApiTests(InvitationFixture app) : IClassFixture<InvitationFixture>
{
    private static JsonObject Body(int serviceId, string? transactionId = null)
    {
        var body = new JsonObject { ["serviceId"] = serviceId };
        if (transactionId is not null)
        {
            body["transactionId"] = transactionId;
        }
        return body;
    }

    private static async Task<(string Url, DateTimeOffset ExpiresAt)> LinkAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("url").GetString()!, doc.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_link_asked_for_with_a_key_opens_the_survey_of_its_service_and_brings_exactly_one_digital_response()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "MPP Digital alur");
        var client = app.CreateClient();
        var before = DateTimeOffset.UtcNow;

        var issued = await InvitationFixture.IssueAsync(client, secret, Body(app.ServiceId));

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var (url, expiresAt) = await LinkAsync(issued);
        Assert.StartsWith("http://localhost/survei/35.17?undangan=", url, StringComparison.Ordinal);
        Assert.InRange(expiresAt, before.AddDays(14).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(14).AddMinutes(1));
        var token = InvitationFixture.TokenOf(url);
        Assert.Equal(43, token.Length);

        // The link's page: the survey bound to "Kartu Keluarga", no service picker, the token for the script.
        var page = await client.GetAsync(new Uri(url).PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<strong>Kartu Keluarga</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"svc\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-invitation=\"{token}\"", html, StringComparison.Ordinal);
        Assert.Equal("no-store, private", string.Join(", ", page.Headers.CacheControl!.ToString().Split(", ").Order()));

        var id = Guid.NewGuid();
        var first = await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token, id));
        var firstBody = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var stored = await app.StoredAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(app.ServiceId, stored.ServiceId);
        Assert.Equal(app.AgencyId, stored.AgencyId);
        Assert.Equal(ServiceModel.Digital, stored.ServiceModel);
        Assert.Equal(ResponseChannel.Invitation, stored.Channel);
        Assert.Equal("invitation", JsonNode.Parse(firstBody)!["channel"]!.GetValue<string>());
        await using (var scope = app.Scope())
        {
            var invitation = await app.Db(scope).SurveyInvitations.SingleAsync(i => i.TokenHash == SurveyInvitationTokens.Hash(token));
            Assert.Equal(id, invitation.ResponseId);
        }

        // A second response through the same link: 409, nothing stored.
        var count = await app.ResponseCountAsync();
        var second = await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token), language: "en");
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await ApiCalls.ProblemAsync(second);
        Assert.Equal("Link already used", problem.Title);
        Assert.Equal(["This survey invitation link has already been used for another response. Thank you."], problem.Errors["invitation"]);
        Assert.Equal(count, await app.ResponseCountAsync());

        // The first response again (a retry after a lost acknowledgement): 200 with the same receipt.
        var replay = await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token, id));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal(count, await app.ResponseCountAsync());

        // The link opened again says it was used, in the visitor's language, and shows no form.
        var again = await client.GetStringAsync(new Uri(url).PathAndQuery + "&culture=en");
        Assert.Contains("This link has already been used", again, StringComparison.Ordinal);
        Assert.Contains("Thank you for your rating.", again, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", again, StringComparison.Ordinal);
        Assert.Contains("sudah dipakai", await client.GetStringAsync(new Uri(url).PathAndQuery), StringComparison.Ordinal);

        // Only hashes are stored: neither the key's secret nor the link's token is anywhere in those tables.
        var storedText = await app.StoredTextAsync();
        Assert.DoesNotContain(secret, storedText, StringComparison.Ordinal);
        Assert.DoesNotContain(token, storedText, StringComparison.Ordinal);
        Assert.Contains(ApiKeySecrets.Hash(secret), storedText, StringComparison.Ordinal);
        // Nor in the log, which names the MPP and the service of each link issued.
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(token, StringComparison.Ordinal));
        var logged = await app.Log.WaitForAsync(1600, j => CapturedLog.State(j, "ServiceId") == app.ServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("35.17", CapturedLog.State(logged.Json, "RegencyCode"));
    }

    [Fact]
    public async Task The_same_transaction_gets_the_same_link_while_unused_and_a_clear_409_once_answered_or_for_another_service()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "MPP Digital transaksi");
        var client = app.CreateClient();

        var first = await InvitationFixture.IssueAsync(client, secret, Body(app.ServiceId, "TRX-2026/000123"));
        var repeat = await InvitationFixture.IssueAsync(client, secret, Body(app.ServiceId, "TRX-2026/000123"));
        var other = await InvitationFixture.IssueAsync(client, secret, Body(app.ServiceId, "TRX-2026/000124"));
        var otherService = await InvitationFixture.IssueAsync(client, secret, Body(app.OtherAgencyServiceId, "TRX-2026/000123"), "en");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.NotEqual((await LinkAsync(first)).Url, (await LinkAsync(other)).Url);
        Assert.Equal(HttpStatusCode.Conflict, otherService.StatusCode);
        Assert.Equal(["This transaction already has a link for another service."], (await ApiCalls.ProblemAsync(otherService)).Errors["transactionId"]);

        var token = InvitationFixture.TokenOf((await LinkAsync(first)).Url);
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token))).StatusCode);
        var answered = await InvitationFixture.IssueAsync(client, secret, Body(app.ServiceId, "TRX-2026/000123"));
        Assert.Equal(HttpStatusCode.Conflict, answered.StatusCode);
        Assert.Equal(["Survei untuk transaksi ini sudah diisi."], (await ApiCalls.ProblemAsync(answered)).Errors["transactionId"]);
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var hash = ApiKeySecrets.Hash(secret);
        var keyId = await db.ApiKeys.Where(k => k.KeyHash == hash).Select(k => k.Id).SingleAsync();
        Assert.Equal(2, await db.SurveyInvitations.CountAsync(i => i.ApiKeyId == keyId));
    }
}
