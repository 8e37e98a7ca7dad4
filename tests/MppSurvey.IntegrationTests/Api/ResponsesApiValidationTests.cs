using System.Net;
using System.Text.Json.Nodes;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// Every kind of bad input gets 400 (or 413/415) problem+json naming exactly the bad field with a
/// message from the resources, and nothing is written.
/// </summary>
public sealed class ResponsesApiValidationTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// (what is wrong, a patch merged into a valid body, the field named in `errors`). In the patch a
    /// top-level null removes the field, `answers` replaces the answers whole, and {placeholders}
    /// are filled in from the fixture.
    /// </summary>
    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "an id that is not a uuid", """{"id":"tidak-uuid"}""", "id" },
        { "no id", """{"id":null}""", "id" },
        { "an unknown MPP", """{"regencyCode":"99.99","agencyId":null,"serviceId":null}""", "regencyCode" },
        { "no MPP", """{"regencyCode":null}""", "regencyCode" },
        { "an unknown agency", """{"agencyId":999999,"serviceId":null}""", "agencyId" },
        { "an agency of another MPP", """{"agencyId":{otherMallAgency},"serviceId":null}""", "agencyId" },
        { "an agency id given as a string", """{"agencyId":"1"}""", "agencyId" },
        { "an unknown service", """{"agencyId":null,"serviceId":999999}""", "serviceId" },
        { "a service of another agency", """{"serviceId":{otherAgencyService}}""", "agencyId" },
        { "an unknown template", """{"template":"tidak-ada"}""", "template" },
        { "an element the template does not have", """{"answers":{"U1":4,"U10":3}}""", "answers.U10" },
        { "an answer below the scale", """{"answers":{"U1":4,"U3":0}}""", "answers.U3" },
        { "an answer above the scale", """{"answers":{"U1":4,"U3":5}}""", "answers.U3" },
        { "an answer given as text", """{"answers":{"U1":4,"U3":"empat"}}""", "answers.U3" },
        { "a fractional answer", """{"answers":{"U1":4,"U3":3.5}}""", "answers.U3" },
        { "answers that are not an object", """{"answers":[4,3,2]}""", "answers" },
        { "a missing required answer", """{"template":"wajib","answers":{"Q2":3}}""", "answers.Q1" },
        { "a required answer left blank", """{"template":"wajib","answers":{"Q1":null,"Q2":3}}""", "answers.Q1" },
        { "a suggestion over 2000 characters", """{"suggestion":"{longText}"}""", "suggestion" },
        { "a suggestion with control characters", """{"suggestion":"bagus\u0000\u0007"}""", "suggestion" },
        { "a submission time far in the future", """{"submittedAt":"{future}"}""", "submittedAt" },
        { "a submission time without an offset", """{"submittedAt":"2026-11-20T09:00:00"}""", "submittedAt" },
        { "a submission time that is not a time", """{"submittedAt":"kemarin"}""", "submittedAt" },
        { "a submission time given as a number", """{"submittedAt":1763600000}""", "submittedAt" },
        { "no submission time", """{"submittedAt":null}""", "submittedAt" },
        { "a start time after the submission", """{"startedAt":"{soon}"}""", "startedAt" },
        { "a start time without an offset", """{"startedAt":"2026-11-20 09:00"}""", "startedAt" },
        { "an unknown gender", """{"profile":{"gender":"X"}}""", "profile.gender" },
        { "a gender given as a number", """{"profile":{"gender":1}}""", "profile.gender" },
        { "an unknown education", """{"profile":{"education":"S4"}}""", "profile.education" },
        { "an unknown occupation", """{"profile":{"occupation":"Petani"}}""", "profile.occupation" },
        { "an age below 10", """{"profile":{"age":7}}""", "profile.age" },
        { "an age above 120", """{"profile":{"age":130}}""", "profile.age" },
        { "an age beyond any integer of the database", """{"profile":{"age":70000}}""", "profile.age" },
        { "an age given as words", """{"profile":{"age":"tiga puluh"}}""", "profile.age" },
        { "the import channel", """{"channel":"import"}""", "channel" },
        { "an unknown channel", """{"channel":"faks"}""", "channel" },
        { "no channel", """{"channel":null}""", "channel" },
        { "a national ID number", """{"nik":"3517010101900001"}""", "nik" },
        { "a name inside the profile", """{"profile":{"name":"Budi Santoso"}}""", "profile.name" },
        { "a field in the wrong case", """{"Suggestion":"bagus"}""", "Suggestion" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_with_problem_details_naming_the_field_and_nothing_is_stored(string wrong, string patch, string field)
    {
        var before = await app.ResponseCountAsync();
        var body = Merge(ApiCalls.ValidBody(app), JsonNode.Parse(Fill(patch))!.AsObject());

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal("Data respons tidak valid.", problem.Title);
        Assert.Equal([field], problem.Errors.Keys);
        // A code without a resource would come back as the bare key.
        Assert.All(problem.Errors[field], m => Assert.DoesNotMatch("^(Error|Api)_", m));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("{\"id\": ")]
    [InlineData("bukan json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"channel\":\"qr\",\"channel\":\"kiosk\"}")]
    public async Task A_body_that_is_not_one_JSON_object_is_refused_naming_the_body(string raw)
    {
        var before = await app.ResponseCountAsync();

        var response = await ApiCalls.PostRawAsync(app.CreateClient(), raw);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(["body"], problem.Errors.Keys);
        Assert.Equal("Isi permintaan harus berupa satu objek JSON yang valid.", Assert.Single(problem.Errors["body"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_sent_as_JSON_is_refused_with_415()
    {
        var before = await app.ResponseCountAsync();

        var response = await ApiCalls.PostRawAsync(app.CreateClient(), ApiCalls.ValidBody(app).ToJsonString(), mediaType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(["body"], (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["suggestion"] = new string('a', 70_000);

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(["body"], (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Several_bad_fields_are_all_named_at_once()
    {
        var body = ApiCalls.ValidBody(app);
        body["answers"] = new JsonObject { ["U1"] = 9, ["U2"] = 0 };
        body["suggestion"] = "a\u0001";

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(["answers.U1", "answers.U2", "suggestion"], problem.Errors.Keys.Order(StringComparer.Ordinal));
    }

    private string Fill(string patch) => patch
        .Replace("{otherMallAgency}", app.OtherMallAgencyId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{otherAgencyService}", app.OtherAgencyServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{longText}", new string('x', 2001), StringComparison.Ordinal)
        .Replace("{future}", ApiCalls.Iso(DateTimeOffset.UtcNow.AddDays(2)), StringComparison.Ordinal)
        .Replace("{soon}", ApiCalls.Iso(DateTimeOffset.UtcNow.AddMinutes(5)), StringComparison.Ordinal);

    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null && key != "answers")
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing && key != "answers")
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
        return target;
    }
}
