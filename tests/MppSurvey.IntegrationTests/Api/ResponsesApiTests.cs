using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MppSurvey.Core.Responses;

namespace MppSurvey.IntegrationTests.Api;

public sealed class ResponsesApiTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_valid_response_is_stored_with_201_and_its_receipt()
    {
        var id = Guid.NewGuid();

        var response = await ApiCalls.PostAsync(app.CreateClient(), ApiCalls.ValidBody(app, id));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(id, receipt.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(app.OpenPeriod, receipt.RootElement.GetProperty("period").GetString());
        Assert.Equal("qr", receipt.RootElement.GetProperty("channel").GetString());
        Assert.False(receipt.RootElement.GetProperty("late").GetBoolean());
        // The abuse flags are not told to the sender.
        Assert.False(receipt.RootElement.TryGetProperty("flags", out _));
        var row = await app.StoredAsync(id);
        Assert.NotNull(row);
        Assert.Equal([(short)4, 3, 2, 4, null, 4, 4, 1, 3], row.Scores);
        Assert.Equal(ResponseChannel.QrPhone, row.Channel);
        Assert.Equal(Gender.Female, row.Gender);
        Assert.Equal(Education.S1D4, row.Education);
        Assert.Equal(Occupation.Swasta, row.Occupation);
        Assert.Equal((short)34, row.Age);
        Assert.Null(row.KioskId);
        Assert.Equal(ResponseFlags.None, row.Flags);
    }

    [Fact]
    public async Task A_repeated_id_gets_200_with_the_same_body_and_is_stored_once()
    {
        var id = Guid.NewGuid();
        var client = app.CreateClient();

        var first = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, id));
        var repeat = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, id));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.NotNull(await app.StoredAsync(id));
    }

    [Fact]
    public async Task A_repeated_id_with_different_answers_gets_the_first_arrival_and_changes_nothing()
    {
        var id = Guid.NewGuid();
        var client = app.CreateClient();
        var first = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, id));
        var changed = ApiCalls.ValidBody(app, id);
        changed["answers"] = new JsonObject { ["U1"] = 1 };
        changed["suggestion"] = "berbeda";

        var repeat = await ApiCalls.PostAsync(client, changed);

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        var row = await app.StoredAsync(id);
        Assert.Equal((short)4, row!.Scores[0]);
        Assert.Equal("Ruang tunggu panas.", row.Suggestion);
    }

    [Fact]
    public async Task Racing_repeats_of_one_id_store_one_row_and_all_succeed()
    {
        var id = Guid.NewGuid();
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, id))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.NotNull(await app.StoredAsync(id));
    }

    [Fact]
    public async Task Identical_answers_given_within_seconds_are_stored_flagged_as_straight_lining()
    {
        var id = Guid.NewGuid();
        var submitted = DateTimeOffset.UtcNow.AddMinutes(-1);
        var body = ApiCalls.ValidBody(app, id);
        body["answers"] = new JsonObject { ["U1"] = 4, ["U2"] = 4, ["U3"] = 4, ["U4"] = 4, ["U5"] = 4, ["U6"] = 4, ["U7"] = 4, ["U8"] = 4, ["U9"] = 4 };
        body["submittedAt"] = ApiCalls.Iso(submitted);
        body["startedAt"] = ApiCalls.Iso(submitted.AddSeconds(-4));

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(ResponseFlags.StraightLining, (await app.StoredAsync(id))!.Flags);
    }

    [Fact]
    public async Task Identical_answers_given_at_a_reading_pace_are_not_flagged()
    {
        var id = Guid.NewGuid();
        var submitted = DateTimeOffset.UtcNow.AddMinutes(-1);
        var body = ApiCalls.ValidBody(app, id);
        body["answers"] = new JsonObject { ["U1"] = 4, ["U2"] = 4, ["U3"] = 4, ["U4"] = 4, ["U5"] = 4, ["U6"] = 4, ["U7"] = 4, ["U8"] = 4, ["U9"] = 4 };
        body["submittedAt"] = ApiCalls.Iso(submitted);
        body["startedAt"] = ApiCalls.Iso(submitted.AddSeconds(-75));

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(ResponseFlags.None, (await app.StoredAsync(id))!.Flags);
    }

    [Fact]
    public async Task A_response_for_a_closed_period_is_kept_and_marked_late()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["submittedAt"] = ApiCalls.Iso(app.InClosedPeriod);

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(receipt.RootElement.GetProperty("late").GetBoolean());
        Assert.Equal(app.ClosedPeriod, receipt.RootElement.GetProperty("period").GetString());
        var row = await app.StoredAsync(id);
        Assert.Equal(ResponseFlags.Late, row!.Flags);
        Assert.Equal(app.ClosedPeriod, row.PeriodCode);
    }

    [Fact]
    public async Task A_template_with_a_required_question_accepts_a_response_that_answers_it()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["template"] = ApiFixture.RequiredTemplate;
        body["answers"] = new JsonObject { ["Q1"] = 2, ["Q2"] = null };

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([(short)2, null], (await app.StoredAsync(id))!.Scores);
    }

    [Fact]
    public async Task A_kiosk_response_with_its_token_is_stored_with_the_kiosk()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["channel"] = "kiosk";

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, app.KioskToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await app.StoredAsync(id);
        Assert.Equal(app.KioskId, row!.KioskId);
        Assert.Equal(ResponseChannel.Kiosk, row.Channel);
    }

    [Theory]
    [InlineData(null, "Respons dari kios memerlukan header X-Kiosk-Token.")]
    [InlineData("token-yang-tidak-pernah-diterbitkan", "Token kios tidak dikenal atau sudah dicabut.")]
    [InlineData("revoked", "Token kios tidak dikenal atau sudah dicabut.")]
    public async Task A_kiosk_response_without_a_valid_token_is_refused_with_401(string? token, string message)
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["channel"] = "kiosk";

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, token == "revoked" ? app.RevokedKioskToken : token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal("Kios tidak dikenali.", problem.Title);
        Assert.Equal(message, Assert.Single(problem.Errors["X-Kiosk-Token"]));
        Assert.Null(await app.StoredAsync(id));
    }

    [Fact]
    public async Task A_kiosk_token_of_another_MPP_is_refused()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["channel"] = "kiosk";

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, app.OtherMallKioskToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["regencyCode"], (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Null(await app.StoredAsync(id));
    }

    [Fact]
    public async Task A_kiosk_token_on_a_qr_response_is_refused()
    {
        var id = Guid.NewGuid();

        var response = await ApiCalls.PostAsync(app.CreateClient(), ApiCalls.ValidBody(app, id), app.KioskToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["X-Kiosk-Token"], (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Null(await app.StoredAsync(id));
    }

    [Fact]
    public async Task Messages_are_in_Indonesian_by_default()
    {
        var body = ApiCalls.ValidBody(app);
        body["regencyCode"] = "99.99";

        var problem = await ApiCalls.ProblemAsync(await ApiCalls.PostAsync(app.CreateClient(), body));

        Assert.Equal("Data respons tidak valid.", problem.Title);
        Assert.Equal("Tidak ada MPP aktif dengan kode wilayah '99.99'.", Assert.Single(problem.Errors["regencyCode"]));
    }

    [Theory]
    [InlineData("en", null)]
    [InlineData("en-US", null)]
    [InlineData(null, "?culture=en")]
    public async Task Messages_are_in_English_when_the_caller_asks(string? acceptLanguage, string? query)
    {
        var body = ApiCalls.ValidBody(app);
        body["regencyCode"] = "99.99";
        body["answers"] = new JsonObject { ["U3"] = 5 };

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, language: acceptLanguage, path: ApiCalls.Path + query);

        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal("The response data is not valid.", problem.Title);
        Assert.Equal("There is no active MPP with regency code '99.99'.", Assert.Single(problem.Errors["regencyCode"]));
    }

    [Fact]
    public async Task An_answer_outside_the_scale_is_explained_with_the_scale_in_both_languages()
    {
        var body = ApiCalls.ValidBody(app);
        body["answers"] = new JsonObject { ["U3"] = 5 };
        var client = app.CreateClient();

        var indonesian = await ApiCalls.ProblemAsync(await ApiCalls.PostAsync(client, body));
        var english = await ApiCalls.ProblemAsync(await ApiCalls.PostAsync(client, body, language: "en"));

        Assert.Equal("Jawaban 5 di luar skala 1-4.", Assert.Single(indonesian.Errors["answers.U3"]));
        Assert.Equal("Answer 5 is outside the scale 1-4.", Assert.Single(english.Errors["answers.U3"]));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoint()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var post = document["paths"]!["/api/v1/responses"]!["post"]!;
        Assert.Equal("#/components/schemas/ResponseRequest", post["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var statuses = post["responses"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "201", "400", "401", "413", "415", "429" }, statuses);
        Assert.Equal("application/problem+json", post["responses"]!["400"]!["content"]!.AsObject().Single().Key);
        Assert.Contains(post["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "X-Kiosk-Token");
        var request = document["components"]!["schemas"]!["ResponseRequest"]!;
        Assert.NotNull(request["properties"]!["answers"]);
        Assert.Equal("date-time", request["properties"]!["submittedAt"]!["format"]!.GetValue<string>());
        Assert.False(request["additionalProperties"]!.GetValue<bool>());
        var channels = request["properties"]!["channel"]!["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<string>()).ToArray();
        Assert.Equal(["kiosk", "qr", "officer", "invitation"], channels);
    }
}
