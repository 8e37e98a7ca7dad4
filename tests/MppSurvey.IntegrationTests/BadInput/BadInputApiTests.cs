using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>
/// The survey API against bad input beyond ResponsesApiValidationTests (whose 41 cases stay where
/// they are): each case names what is wrong, and asserts the status, the field named in the problem,
/// the message in the caller's language, and the row count. Input the product promises to keep
/// (markup, formulas, SQL-like text, a late response, a repeated id) is asserted as kept verbatim and
/// harmless where it is shown again: escaped on the dashboard, a text cell in the workbook.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed partial class BadInputApiTests(BadInputFixture app)
{
    /// <summary>The fixture, for the parts of this class in other files (a primary constructor's parameter is seen only in its own part).</summary>
    private BadInputFixture App => app;

    private const string TitleId = "Data respons tidak valid.";
    private const string TitleEn = "The response data is not valid.";

    /// <summary>
    /// (case, patch merged into a valid body, field, language: "id" / "en" (Accept-Language) /
    /// "en-query" (?culture=en), the message). Patch rules as in ResponsesApiValidationTests: a
    /// top-level null removes the field, `answers` replaces the answers whole, {placeholders} come
    /// from the fixture.
    /// </summary>
    public static TheoryData<string, string, string, string, string> BadFields => new()
    {
        { "score as a numeric string", """{"answers":{"U1":"4"}}""", "answers.U1", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "score as a float with a zero fraction", """{"answers":{"U1":4.0}}""", "answers.U1", "en", "This value cannot be read: its type or format is wrong." },
        { "score as a boolean", """{"answers":{"U1":true}}""", "answers.U1", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "score as a nested object", """{"answers":{"U1":{"value":4}}}""", "answers.U1", "en-query", "This value cannot be read: its type or format is wrong." },
        { "score as an array", """{"answers":{"U1":[4]}}""", "answers.U1", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "score minus one", """{"answers":{"U1":-1}}""", "answers.U1", "id", "Jawaban -1 di luar skala 1-4." },
        { "score zero in English", """{"answers":{"U1":0}}""", "answers.U1", "en", "Answer 0 is outside the scale 1-4." },
        { "score five in English", """{"answers":{"U1":5}}""", "answers.U1", "en-query", "Answer 5 is outside the scale 1-4." },
        { "score 999999999999 beyond any integer", """{"answers":{"U1":999999999999}}""", "answers.U1", "en", "This value cannot be read: its type or format is wrong." },
        { "unknown element code in English", """{"answers":{"U1":4,"X9":2}}""", "answers.X9", "en", "Question X9 is not in version 1 of the questionnaire." },
        { "regency code given as a number", """{"regencyCode":3517}""", "regencyCode", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "unknown MPP in English", """{"regencyCode":"99.99","agencyId":null,"serviceId":null}""", "regencyCode", "en", "There is no active MPP with regency code '99.99'." },
        { "inactive MPP", """{"regencyCode":"{inactiveRegency}","agencyId":null,"serviceId":null}""", "regencyCode", "id", "Tidak ada MPP aktif dengan kode wilayah '{inactiveRegency}'." },
        { "inactive agency", """{"agencyId":{inactiveAgency},"serviceId":null}""", "agencyId", "id", "Instansi {inactiveAgency} tidak dikenal di MPP ini." },
        { "inactive agency in English", """{"agencyId":{inactiveAgency},"serviceId":null}""", "agencyId", "en", "Agency {inactiveAgency} is not known at this MPP." },
        { "unknown agency in English", """{"agencyId":424242,"serviceId":null}""", "agencyId", "en-query", "Agency 424242 is not known at this MPP." },
        { "active service of an inactive agency", """{"agencyId":null,"serviceId":{serviceOfInactiveAgency}}""", "serviceId", "id", "Layanan {serviceOfInactiveAgency} tidak dikenal di MPP ini." },
        { "inactive service", """{"agencyId":null,"serviceId":{inactiveService}}""", "serviceId", "en", "Service {inactiveService} is not known at this MPP." },
        { "service of another MPP", """{"agencyId":null,"serviceId":{bimaService}}""", "serviceId", "id", "Layanan {bimaService} tidak dikenal di MPP ini." },
        { "unknown service in English", """{"agencyId":null,"serviceId":515151}""", "serviceId", "en", "Service 515151 is not known at this MPP." },
        { "unknown template in English", """{"template":"skm-palsu"}""", "template", "en", "There is no 'skm-palsu' survey at MPP Kabupaten Jombang for the period of the submission date." },
        { "submission time a day ahead in English", """{"submittedAt":"{tomorrow}"}""", "submittedAt", "en", "The submission time is too far in the future; check the device clock." },
        { "suggestion of 2001 characters in English", """{"suggestion":"{longText}"}""", "suggestion", "en-query", "The suggestion may have at most 2000 characters." },
        { "suggestion of 5000 multi-byte characters", """{"suggestion":"{longEmoji}"}""", "suggestion", "id", "Saran paling banyak 2000 karakter." },
        { "suggestion with an escape character", """{"suggestion":"warna \u001b[31mmerah"}""", "suggestion", "id", "Saran berisi karakter kontrol yang tidak diperbolehkan." },
        { "suggestion with DEL in English", """{"suggestion":"hapus\u007f"}""", "suggestion", "en", "The suggestion contains control characters, which are not allowed." },
        { "suggestion with a C1 control character", """{"suggestion":"baris\u0085baru"}""", "suggestion", "id", "Saran berisi karakter kontrol yang tidak diperbolehkan." },
        { "suggestion with a NUL byte in English", """{"suggestion":"\u0000"}""", "suggestion", "en", "The suggestion contains control characters, which are not allowed." },
        { "suggestion given as a number", """{"suggestion":12345}""", "suggestion", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "no MPP in English", """{"regencyCode":null}""", "regencyCode", "en", "This field is required." },
        { "no channel in English", """{"channel":null}""", "channel", "en-query", "This field is required." },
        { "id given as a number", """{"id":12345}""", "id", "en", "This value cannot be read: its type or format is wrong." },
        { "all-zero id", """{"id":"00000000-0000-0000-0000-000000000000"}""", "id", "id", "Id respons (uuid yang dibuat oleh klien) wajib diisi." },
        { "age as a float", """{"profile":{"age":34.5}}""", "profile.age", "en", "This value cannot be read: its type or format is wrong." },
        { "a NUL inside the regency code", """{"regencyCode":"35.17\u0000"}""", "regencyCode", "id", "Nilai ini tidak dapat dibaca: tipe atau formatnya salah." },
        { "a NUL inside the template code, in English", """{"template":"skm\u0000"}""", "template", "en", "This value cannot be read: its type or format is wrong." },
        { "phone number field in English", """{"telepon":"081234567890"}""", "telepon", "en", "This field is not known. The survey is anonymous: do not send names, ID numbers, phone numbers or other data." },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Api_bad_field_is_refused_with_400_naming_the_field_in_the_callers_language_and_nothing_is_stored(
        string wrong, string patch, string field, string language, string message)
    {
        var before = await app.ResponseCountAsync();
        var body = Merge(ApiCalls.ValidBody(app), JsonNode.Parse(Fill(patch))!.AsObject());

        var response = await SendAsync(body.ToJsonString(), language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.Equal(language == "id" ? TitleId : TitleEn, problem.Title);
        Assert.Contains(field, problem.Errors.Keys);
        Assert.Contains(Fill(message), problem.Errors[field]);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    /// <summary>(case, raw body, language). None of these is one valid JSON object.</summary>
    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { "truncated inside a string", """{"id":"5f0c""", "id" },
        { "truncated after a comma", """{"regencyCode":"35.17",""", "en" },
        { "trailing garbage after the object", "{valid}xyz", "id" },
        { "a second object after the first", "{valid}{}", "en" },
        { "the valid object wrapped in an array", "[{valid}]", "id" },
        { "whitespace only", "  \r\n\t ", "en-query" },
        { "a JSON string", "\"halo\"", "id" },
        { "a JSON number", "42", "en" },
        { "single quotes instead of double", "{'id':'x'}", "id" },
        { "a comment inside the object", "{\"id\":\"x\" /* komentar */}", "en" },
        { "nesting beyond the depth limit", "{\"suggestion\":" + new string('[', 200) + new string(']', 200) + "}", "id" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Api_malformed_json_is_refused_with_400_naming_the_body_and_nothing_is_stored(string wrong, string raw, string language)
    {
        var before = await app.ResponseCountAsync();
        var valid = ApiCalls.ValidBody(app).ToJsonString();

        var response = await SendAsync(raw.Replace("{valid}", valid, StringComparison.Ordinal), language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(["body"], problem.Errors.Keys);
        Assert.Equal(language == "id" ? "Isi permintaan harus berupa satu objek JSON yang valid." : "The request body must be one valid JSON object.",
            Assert.Single(problem.Errors["body"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("invalid UTF-8 bytes in the suggestion", "id")]
    [InlineData("invalid UTF-8 bytes in the suggestion, in English", "en")]
    public async Task Api_invalid_utf8_in_the_body_is_refused_with_400_and_nothing_is_stored(string wrong, string language)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["suggestion"] = "MARKER";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var at = IndexOf(bytes, Encoding.ASCII.GetBytes("MARKER"));
        // 0xC3 0x28 is an invalid two-byte sequence, 0xFF never occurs in UTF-8.
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        bytes[at + 2] = 0xFF;

        var response = await SendBytesAsync(bytes, "application/json", language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Single(problem.Errors);
        Assert.All(problem.Errors.Values.SelectMany(m => m), m => Assert.DoesNotMatch("^(Error|Api)_", m));
        Assert.Equal(language == "id" ? TitleId : TitleEn, problem.Title);
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("a lone high surrogate escaped in the suggestion", "\\ud800", "id")]
    [InlineData("a lone low surrogate escaped in the suggestion", "\\udc00 akhir", "en")]
    public async Task Api_an_escaped_lone_surrogate_is_refused_with_400_and_nothing_is_stored(string wrong, string escaped, string language)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["suggestion"] = "MARKER";
        var raw = body.ToJsonString().Replace("MARKER", escaped, StringComparison.Ordinal);

        var response = await SendAsync(raw, language);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(language == "id" ? TitleId : TitleEn, problem.Title);
        Assert.All(problem.Errors.Values.SelectMany(m => m), m => Assert.DoesNotMatch("^(Error|Api)_", m));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("a form-encoded body", "application/x-www-form-urlencoded", "id", "Kirim isi permintaan sebagai application/json.")]
    [InlineData("a multipart body in English", "multipart/form-data; boundary=x", "en", "Send the request body as application/json.")]
    [InlineData("no content type at all", null, "id", "Kirim isi permintaan sebagai application/json.")]
    [InlineData("an XML body in English", "application/xml", "en-query", "Send the request body as application/json.")]
    public async Task Api_a_body_that_is_not_json_gets_415_in_the_callers_language(string wrong, string? mediaType, string language, string message)
    {
        var before = await app.ResponseCountAsync();

        var response = await SendBytesAsync(Encoding.UTF8.GetBytes(ApiCalls.ValidBody(app).ToJsonString()), mediaType, language);

        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{wrong}: {(int)response.StatusCode}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(message, Assert.Single(problem.Errors["body"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("a 1 MiB body streamed without Content-Length", "id", "Isi permintaan lebih besar dari 65536 byte.")]
    [InlineData("a 1 MiB body streamed without Content-Length, in English", "en", "The request body is larger than 65536 bytes.")]
    public async Task Api_a_huge_body_gets_413_even_without_a_content_length_and_nothing_is_stored(string wrong, string language, string message)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["suggestion"] = new string('z', 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(language)) { Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(body.ToJsonString())) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Language(request, language);

        var response = await app.CreateClient().SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{wrong}: {(int)response.StatusCode}");
        Assert.Equal(message, Assert.Single((await ApiCalls.ProblemAsync(response)).Errors["body"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Theory]
    [InlineData("a revoked kiosk token, in English", "en", "The kiosk token is unknown or has been revoked.")]
    [InlineData("a revoked kiosk token padded with spaces", "id", "Token kios tidak dikenal atau sudah dicabut.")]
    public async Task Api_a_revoked_kiosk_token_gets_401_and_nothing_is_stored(string wrong, string language, string message)
    {
        var before = await app.ResponseCountAsync();
        var body = ApiCalls.ValidBody(app);
        body["channel"] = "kiosk";
        var token = language == "id" ? "  " + app.RevokedKioskToken + "  " : app.RevokedKioskToken;

        var response = await SendAsync(body.ToJsonString(), language, token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{wrong}: {(int)response.StatusCode}");
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(message, Assert.Single(problem.Errors["X-Kiosk-Token"]));
        Assert.Equal(before, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Api_a_response_for_a_closed_period_is_kept_as_late_with_201_not_refused()
    {
        var before = await app.ResponseCountAsync();
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["submittedAt"] = ApiCalls.Iso(app.InClosedPeriod);
        body["suggestion"] = "Antrean luring, dikirim setelah periode ditutup.";

        var response = await SendAsync(body.ToJsonString(), "en");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(receipt.RootElement.GetProperty("late").GetBoolean());
        var row = await app.StoredAsync(id);
        Assert.True(row!.Flags.HasFlag(ResponseFlags.Late));
        Assert.Equal(app.ClosedPeriod, row.PeriodCode);
        Assert.Equal(before + 1, await app.ResponseCountAsync());
    }

    [Fact]
    public async Task Api_a_repeated_id_with_a_different_suggestion_and_agency_gets_200_with_the_first_receipt_and_the_first_content_stays()
    {
        var id = Guid.NewGuid();
        var first = ApiCalls.ValidBody(app, id);
        first["suggestion"] = "Isi pertama";
        var created = await SendAsync(first.ToJsonString(), "id");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var firstReceipt = await created.Content.ReadAsStringAsync();
        var before = await app.ResponseCountAsync();

        var second = ApiCalls.ValidBody(app, id);
        second["suggestion"] = "Isi kedua'); DELETE FROM responses; --";
        second["serviceId"] = app.OtherAgencyServiceId;
        second["agencyId"] = null;
        second["answers"] = new JsonObject { ["U1"] = 1, ["U2"] = 1, ["U3"] = 1, ["U4"] = 1, ["U5"] = 1, ["U6"] = 1, ["U7"] = 1, ["U8"] = 1, ["U9"] = 2 };
        var repeat = await SendAsync(second.ToJsonString(), "id");

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(firstReceipt, await repeat.Content.ReadAsStringAsync());
        var row = await app.StoredAsync(id);
        Assert.Equal("Isi pertama", row!.Suggestion);
        Assert.Equal(app.ServiceId, row.ServiceId);
        Assert.Equal((short?)4, row.Scores[0]);
        Assert.Equal(before, await app.ResponseCountAsync());
    }
}
