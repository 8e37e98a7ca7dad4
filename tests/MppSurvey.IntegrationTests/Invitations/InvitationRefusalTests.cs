using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Invitations;
using MppSurvey.IntegrationTests.Api;

namespace MppSurvey.IntegrationTests.Invitations;

/// <summary>
/// Digital invitations, the hostile and careless cases: keys that are missing, made up or revoked;
/// another MPP's service; odd bodies; an expired link; a token made up or of another MPP.
/// </summary>
public sealed class InvitationRefusalTests(InvitationFixture app) : IClassFixture<InvitationFixture>
{
    private async Task<int> InvitationCountAsync()
    {
        await using var scope = app.Scope();
        return await app.Db(scope).SurveyInvitations.CountAsync();
    }

    [Fact]
    public async Task A_missing_made_up_or_revoked_key_gets_the_same_401_problem_and_a_revoked_key_is_refused_at_once()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci dicabut");
        var client = app.CreateClient();
        var body = new JsonObject { ["serviceId"] = app.ServiceId };
        Assert.Equal(HttpStatusCode.Created, (await InvitationFixture.IssueAsync(client, secret, body)).StatusCode);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var key = await db.ApiKeys.SingleAsync(k => k.Name == "Kunci dicabut");
            key.RevokedAt = DateTimeOffset.UtcNow;
            key.RevokedBy = InvitationFixture.JombangAdmin;
            await db.SaveChangesAsync();
        }
        var count = await InvitationCountAsync();

        var answers = new List<string>();
        foreach (var key in new[] { secret, null, "mppk_" + new string('A', 43), "not-a-key", secret.ToUpperInvariant() })
        {
            var response = await InvitationFixture.IssueAsync(client, key, body);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var problem = await ApiCalls.ProblemAsync(response);
            answers.Add(problem.Title + "|" + string.Join(";", problem.Errors["Authorization"]));
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(count, await InvitationCountAsync());
    }

    [Fact]
    public async Task A_key_of_one_MPP_cannot_invite_for_another_MPPs_service_nor_for_a_service_without_a_running_survey()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci Jombang");
        var client = app.CreateClient();
        var count = await InvitationCountAsync();

        var foreign = await InvitationFixture.IssueAsync(client, secret, new JsonObject { ["serviceId"] = app.BimaServiceId }, "en");
        var unknown = await InvitationFixture.IssueAsync(client, secret, new JsonObject { ["serviceId"] = int.MaxValue });
        var unsurveyed = await InvitationFixture.IssueAsync(client, app.KediriSecret, new JsonObject { ["serviceId"] = app.KediriServiceId }, "en");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Equal([$"Service {app.BimaServiceId} is not an active service of the MPP this key belongs to."], (await ApiCalls.ProblemAsync(foreign)).Errors["serviceId"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal([$"Layanan {int.MaxValue} bukan layanan aktif MPP pemilik kunci ini."], (await ApiCalls.ProblemAsync(unknown)).Errors["serviceId"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsurveyed.StatusCode);
        Assert.Equal([$"Service {app.KediriServiceId} is not covered by the SKM survey running at MPP Kota Kediri."], (await ApiCalls.ProblemAsync(unsurveyed)).Errors["serviceId"]);
        Assert.Equal(count, await InvitationCountAsync());
    }

    public static TheoryData<string, string, int, string> OddBodies() => new()
    {
        { "missing serviceId", "{}", 400, "serviceId" },
        { "string serviceId", "{\"serviceId\":\"12\"}", 400, "serviceId" },
        { "fractional serviceId", "{\"serviceId\":1.5}", 400, "serviceId" },
        { "serviceId beyond int", "{\"serviceId\":99999999999999999999}", 400, "serviceId" },
        { "huge body", "{\"serviceId\":1,\"x\":\"" + new string('a', 200_000) + "\"}", 413, "body" },
        { "10 kB transactionId", "{\"serviceId\":1,\"transactionId\":\"" + new string('7', 10_000) + "\"}", 400, "transactionId" },
        { "Arabic-Indic digits", "{\"serviceId\":1,\"transactionId\":\"\u0663\u0664\u0665\"}", 400, "transactionId" },
        { "combining accent", "{\"serviceId\":1,\"transactionId\":\"TRXe\u0301\"}", 400, "transactionId" },
        { "emoji", "{\"serviceId\":1,\"transactionId\":\"TRX\U0001F600\"}", 400, "transactionId" },
        { "right-to-left mark", "{\"serviceId\":1,\"transactionId\":\"TRX\u200F1\"}", 400, "transactionId" },
        { "lone surrogate", "{\"serviceId\":1,\"transactionId\":\"\\ud800\"}", 400, "transactionId" },
        { "NUL", "{\"serviceId\":1,\"transactionId\":\"TRX\\u00001\"}", 400, "transactionId" },
        { "blank transactionId", "{\"serviceId\":1,\"transactionId\":\"\"}", 400, "transactionId" },
        { "numeric transactionId", "{\"serviceId\":1,\"transactionId\":123}", 400, "transactionId" },
        { "a citizen's name", "{\"serviceId\":1,\"nama\":\"Budi\"}", 400, "nama" },
        { "duplicate serviceId", "{\"serviceId\":1,\"serviceId\":2}", 400, "body" },
        { "not JSON", "serviceId=1", 400, "body" },
        { "an array", "[1]", 400, "body" },
        { "null", "null", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public async Task An_odd_body_gets_a_problem_naming_its_field_and_never_a_5xx_nor_an_invitation(string _, string body, int status, string field)
    {
        var count = await InvitationCountAsync();
        var response = await InvitationFixture.IssueRawAsync(app.CreateClient(), app.KediriSecret, body);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await ApiCalls.ProblemAsync(response);
        if (status == 400)
        {
            Assert.True(problem.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        }
        Assert.Equal(count, await InvitationCountAsync());
    }

    [Fact]
    public async Task A_form_post_gets_415_and_a_key_sent_otherwise_than_as_bearer_401()
    {
        var client = app.CreateClient();

        var form = await InvitationFixture.IssueRawAsync(client, app.KediriSecret, "serviceId=1", mediaType: "application/x-www-form-urlencoded");
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/api/v1/undangan") { Content = new StringContent("{\"serviceId\":1}", System.Text.Encoding.UTF8, "application/json") };
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + app.KediriSecret);
        var wrongScheme = await client.SendAsync(basic);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongScheme.StatusCode);
        Assert.Equal("application/problem+json", wrongScheme.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_expired_link_shows_a_clear_page_and_takes_no_response_and_made_up_or_foreign_tokens_take_none_either()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci kedaluwarsa");
        var client = app.CreateClient();
        var issued = await InvitationFixture.IssueAsync(client, secret, new JsonObject { ["serviceId"] = app.ServiceId });
        var url = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
        var token = InvitationFixture.TokenOf(url);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var hash = SurveyInvitationTokens.Hash(token);
            await db.SurveyInvitations.Where(i => i.TokenHash == hash).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.CreatedAt, DateTimeOffset.UtcNow.AddDays(-15))
                .SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddDays(-1)));
        }
        var count = await app.ResponseCountAsync();

        var page = await client.GetAsync(new Uri(url).PathAndQuery + "&culture=en");
        var sent = await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token), language: "en");
        var madeUp = await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, new string('x', 43)));
        var unknownPage = await client.GetAsync("/survei/35.17?undangan=" + new string('x', 43));
        // A valid Jombang link opened or used under Kota Bima's address is unknown there.
        var fresh = JsonNode.Parse(await (await InvitationFixture.IssueAsync(client, secret, new JsonObject { ["serviceId"] = app.ServiceId })).Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
        var freshToken = InvitationFixture.TokenOf(fresh);
        var elsewhere = await client.GetAsync("/survei/52.72?undangan=" + freshToken);
        var elsewhereBody = InvitationFixture.InvitedResponse(app, freshToken);
        elsewhereBody["regencyCode"] = "52.72";
        var elsewhereSent = await ApiCalls.PostAsync(client, elsewhereBody);
        var withoutToken = InvitationFixture.InvitedResponse(app, freshToken);
        withoutToken.Remove("invitation");
        var missing = await ApiCalls.PostAsync(client, withoutToken);
        var wrongChannel = InvitationFixture.InvitedResponse(app, freshToken);
        wrongChannel["channel"] = "qr";
        var mixed = await ApiCalls.PostAsync(client, wrongChannel);

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("This link has expired", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        Assert.Equal(["This survey invitation link has expired."], (await ApiCalls.ProblemAsync(sent)).Errors["invitation"]);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Equal(["Tautan undangan survei ini tidak dikenal."], (await ApiCalls.ProblemAsync(madeUp)).Errors["invitation"]);
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
        Assert.Contains("Tautan tidak dikenal", await unknownPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhereSent.StatusCode);
        Assert.True((await ApiCalls.ProblemAsync(elsewhereSent)).Errors.ContainsKey("invitation"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await ApiCalls.ProblemAsync(missing)).Errors.ContainsKey("invitation"));
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.True((await ApiCalls.ProblemAsync(mixed)).Errors.ContainsKey("invitation"));
        Assert.Equal(count, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task A_link_for_the_SKM_survey_cannot_be_used_up_by_another_questionnaire_running_at_the_MPP()
    {
        var secret = await app.CreateKeyAsync(InvitationFixture.JombangAdmin, "Kunci templat lain");
        var client = app.CreateClient();
        var issued = await InvitationFixture.IssueAsync(client, secret, new JsonObject { ["serviceId"] = app.ServiceId });
        var token = InvitationFixture.TokenOf(JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        var count = await app.ResponseCountAsync();

        // The fixture's "wajib" questionnaire runs at Jombang for every counter: a valid response of it, sent with the link.
        var other = InvitationFixture.InvitedResponse(app, token);
        other["template"] = ApiFixture.RequiredTemplate;
        other["answers"] = new JsonObject { ["Q1"] = 2, ["Q2"] = null };
        var refused = await ApiCalls.PostAsync(client, other, language: "en");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["This invitation link is for the SKM survey only."], (await ApiCalls.ProblemAsync(refused)).Errors["template"]);
        Assert.Equal(count, await app.ResponseCountAsync());
        await using (var scope = app.Scope())
        {
            var hash = SurveyInvitationTokens.Hash(token);
            Assert.Null((await app.Db(scope).SurveyInvitations.SingleAsync(i => i.TokenHash == hash)).ResponseId);
        }
        // The SKM response the link was asked for still comes through it.
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, InvitationFixture.InvitedResponse(app, token, id))).StatusCode);
        Assert.Equal(count + 1, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_invitation_endpoint()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var post = document["paths"]!["/api/v1/undangan"]!["post"]!;
        var statuses = post["responses"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "201", "400", "401", "409", "413", "415", "422", "429" }, statuses);
        Assert.Equal("application/problem+json", post["responses"]!["401"]!["content"]!.AsObject().Single().Key);
    }
}
