using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// What a careless or hostile client can send that once broke the figures or answered 500: a
/// service without its agency (stored without one, which stopped the index job for every MPP), a
/// time the calendar cannot hold, text that is not Unicode, an empty submission. Each is refused
/// with 400 problem+json naming the field in the caller's language, or stored correctly.
/// </summary>
public sealed class ResponsesApiIntegrityTests(IntegrityFixture app) : IClassFixture<IntegrityFixture>
{
    private const string TitleId = "Data respons tidak valid.";
    private const string TitleEn = "The response data is not valid.";

    [Fact]
    public async Task A_service_sent_without_its_agency_is_stored_with_the_services_agency()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body.Remove("agencyId");

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = await app.StoredAsync(id);
        Assert.Equal(app.AgencyId, row!.AgencyId);
        Assert.Equal(app.ServiceId, row.ServiceId);
    }

    [Fact]
    public async Task A_service_sent_with_a_null_agency_is_stored_with_the_services_agency_not_another()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["agencyId"] = null;
        body["serviceId"] = app.OtherAgencyServiceId;

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(app.SamsatAgencyId, (await app.StoredAsync(id))!.AgencyId);
    }

    [Fact]
    public async Task A_service_of_another_agency_than_the_one_sent_is_refused_naming_the_agency()
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["serviceId"] = app.OtherAgencyServiceId;

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, language: "en");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("agencyId", (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    /// <summary>(time sent, language, message): outside 2000-01-01Z .. now + 10 minutes, or not a time the calendar holds.</summary>
    public static TheoryData<string, string, string> BadTimes => new()
    {
        { "9999-12-31T23:59:00Z", "id", "Waktu pengisian terlalu jauh di masa depan; periksa jam perangkat." },
        { "9999-12-31T23:59:59+14:00", "en", "The submission time is too far in the future; check the device clock." },
        { "0001-01-01T00:00:00Z", "id", "Waktu ini sebelum tahun 2000; periksa jam perangkat." },
        { "0999-06-01T10:00:00+07:00", "en", "This time is before the year 2000; check the device clock." },
        { "1999-12-31T23:59:59.9999999Z", "en", "This time is before the year 2000; check the device clock." },
        { "2000-01-01T06:59:00+07:00", "id", "Waktu ini sebelum tahun 2000; periksa jam perangkat." },
        // The offset moves these past the calendar's ends: not a time at all.
        { "0001-01-01T00:00:00+01:00", "en", "Use an ISO 8601 time with its offset, for example 2026-03-02T09:15:00+07:00." },
        { "9999-12-31T23:00:00-05:00", "id", "Gunakan waktu ISO 8601 dengan zona waktunya, misalnya 2026-03-02T09:15:00+07:00." },
        { "2026-13-01T00:00:00Z", "en", "Use an ISO 8601 time with its offset, for example 2026-03-02T09:15:00+07:00." },
        { "2026-02-30T10:00:00+07:00", "id", "Gunakan waktu ISO 8601 dengan zona waktunya, misalnya 2026-03-02T09:15:00+07:00." },
        { "2026-03-02T09:15:00+25:00", "en", "Use an ISO 8601 time with its offset, for example 2026-03-02T09:15:00+07:00." },
    };

    [Theory]
    [MemberData(nameof(BadTimes))]
    public async Task A_submission_time_outside_the_believable_range_is_refused_naming_submittedAt(string sent, string language, string message)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["submittedAt"] = sent;

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, language: language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{sent}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(language == "id" ? TitleId : TitleEn, problem.Title);
        Assert.Equal(message, Assert.Single(problem.Errors["submittedAt"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task A_start_time_before_2000_is_refused_naming_startedAt()
    {
        var body = ApiCalls.ValidBody(app);
        body["startedAt"] = "0001-01-01T00:00:00Z";

        var response = await ApiCalls.PostAsync(app.CreateClient(), body, language: "en");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This time is before the year 2000; check the device clock.", Assert.Single((await ApiCalls.ProblemAsync(response)).Errors["startedAt"]));
    }

    [Fact]
    public async Task A_submission_time_at_the_edges_of_the_range_is_accepted_and_its_receipt_round_trips()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        // Nine minutes ahead (a fast device clock) with seven fractional digits: PostgreSQL keeps microseconds.
        var sent = DateTimeOffset.UtcNow.AddMinutes(9).ToOffset(TimeSpan.FromHours(7));
        body["submittedAt"] = sent.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
        var client = app.CreateClient();

        var created = await ApiCalls.PostAsync(client, body);
        var repeat = await ApiCalls.PostAsync(client, body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await created.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        var row = await app.StoredAsync(id);
        Assert.Equal(sent.DateTime.Ticks / 10, row!.SubmittedAtLocal.Ticks / 10);
    }

    [Theory]
    [InlineData("a lone high surrogate", "\\ud800", "id")]
    [InlineData("a lone low surrogate after text", "antre \\udc00", "en")]
    [InlineData("a reversed surrogate pair", "\\udc00\\ud800", "id")]
    public async Task Text_in_other_that_is_not_unicode_is_refused_naming_the_question(string wrong, string escaped, string language)
    {
        var before = await app.ResponseCountAsync();
        var body = app.OtherBody();
        body["other"]!["T1"] = "MARKER";
        var raw = body.ToJsonString().Replace("MARKER", escaped, StringComparison.Ordinal);

        var response = await ApiCalls.PostRawAsync(app.CreateClient(), raw, language: language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(language == "id" ? TitleId : TitleEn, problem.Title);
        Assert.Equal(language == "id"
                ? "Teks ini bukan Unicode yang valid (surrogate tunggal atau byte yang bukan UTF-8)."
                : "This text is not valid Unicode (a lone surrogate or bytes that are not UTF-8).",
            Assert.Single(problem.Errors["other.T1"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"answers":{"\ud800":4}}""")]
    [InlineData("""{"other":{"\udc00":1}}""")]
    [InlineData("""{"a\udfff":1,"b":2}""")]
    public async Task A_property_name_that_is_not_unicode_is_refused_with_400_not_500(string extra)
    {
        // Found by an outside probe: JSON's duplicate-key check unescapes every name while parsing and threw there.
        var before = await app.ResponseCountAsync();
        var raw = app.OtherBody().ToJsonString()[..^1] + "," + extra[1..];

        var response = await ApiCalls.PostRawAsync(app.CreateClient(), raw, language: "en");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{extra}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("This text is not valid Unicode (a lone surrogate or bytes that are not UTF-8).",
            Assert.Single((await ApiCalls.ProblemAsync(response)).Errors["body"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("other.T1", "T1")]
    [InlineData("other", "QKEY")]
    [InlineData("answers", "ANSWERKEY")]
    [InlineData("body", "FIELDNAME")]
    public async Task Bytes_that_are_not_utf8_anywhere_in_the_body_are_refused_with_400_naming_where(string field, string marker)
    {
        var before = await app.ResponseCountAsync();
        var body = app.OtherBody();
        body["other"]!["T1"] = "T1MARK";
        ((JsonObject)body["other"]!)["QKEYMARK"] = null;
        ((JsonObject)body["answers"]!)["ANSWERKEYMARK"] = null;
        body["FIELDNAMEMARK"] = null;
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes(marker + "MARK"));
        // 0xC3 0x28 is an invalid two-byte sequence; 0xFF never occurs in UTF-8.
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        bytes[at + 2] = 0xFF;

        using var request = new HttpRequestMessage(HttpMethod.Post, ApiCalls.Path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        var response = await app.CreateClient().SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{marker}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(field, (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("a NUL in a text answer", """{"T1":"a\u0000b"}""", "other.T1")]
    [InlineData("a NUL in a question code", """{"T\u0000":"a"}""", "other.T\u0000")]
    [InlineData("an escape character in a text answer", """{"T1":"\u001b[31m"}""", "other.T1")]
    public async Task Control_characters_in_other_are_refused_naming_the_question(string wrong, string other, string field)
    {
        var before = await app.ResponseCountAsync();
        var body = app.OtherBody();
        body["other"] = JsonNode.Parse(other);

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(field, (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Sound_unicode_in_other_is_stored_as_sent()
    {
        var id = Guid.NewGuid();
        var body = app.OtherBody(id);
        // An emoji (a proper surrogate pair), an RTL mark and Arabic, a combining accent.
        const string text = "Pelayanan 👍 \u200fشكرا e\u0301";
        body["other"]!["T1"] = text;

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var stored = JsonDocument.Parse((await app.StoredAsync(id))!.OtherAnswers!);
        Assert.Equal(text, stored.RootElement.GetProperty("T1").GetString());
    }

    /// <summary>(case, answers): none holds a scored answer.</summary>
    public static TheoryData<string, string?> NoScoredAnswer => new()
    {
        { "no answers field", null },
        { "an empty answers object", "{}" },
        { "every answer null", """{"U1":null,"U2":null,"U3":null,"U4":null,"U5":null,"U6":null,"U7":null,"U8":null,"U9":null}""" },
    };

    [Theory]
    [MemberData(nameof(NoScoredAnswer))]
    public async Task A_response_without_a_scored_answer_is_refused_and_not_counted(string wrong, string? answers)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body.Remove("answers");
        if (answers is not null)
        {
            body["answers"] = JsonNode.Parse(answers);
        }

        var id = await ApiCalls.PostAsync(app.CreateClient(), body, language: "id");
        var en = await ApiCalls.PostAsync(app.CreateClient(), body, language: "en");

        Assert.True(id.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)id.StatusCode} {await id.Content.ReadAsStringAsync()}");
        Assert.Equal("Jawab setidaknya satu pertanyaan penilaian: respons tanpa jawaban tidak dihitung.",
            Assert.Single((await ApiCalls.ProblemAsync(id)).Errors["answers"]));
        Assert.Equal("Answer at least one rated question: a response without answers is not counted.",
            Assert.Single((await ApiCalls.ProblemAsync(en)).Errors["answers"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Unscored_answers_alone_do_not_make_a_respondent()
    {
        var before = await app.ResponseCountAsync();
        var body = app.OtherBody();
        body["answers"] = new JsonObject { ["U1"] = null };

        var response = await ApiCalls.PostAsync(app.CreateClient(), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("answers", (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Every_stored_response_agrees_with_its_survey_and_its_services_agency()
    {
        await ApiCalls.PostAsync(app.CreateClient(), ApiCalls.ValidBody(app));
        var noAgency = ApiCalls.ValidBody(app);
        noAgency.Remove("agencyId");
        await ApiCalls.PostAsync(app.CreateClient(), noAgency);

        await using var scope = app.Scope();
        var db = app.Db(scope);
        var contradicting = await (
                from r in db.Responses
                join s in db.Surveys on r.SurveyId equals s.Id
                where r.MallId != s.MallId || r.PeriodCode != s.PeriodCode || r.TemplateVersionId != s.TemplateVersionId
                    || (r.ServiceId != null && (r.AgencyId == null || db.Services.Any(x => x.Id == r.ServiceId && x.AgencyId != r.AgencyId)))
                select r.Id)
            .CountAsync();
        Assert.Equal(0, contradicting);
        Assert.True(await db.Responses.CountAsync() >= 2);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException("marker not found");
    }
}
