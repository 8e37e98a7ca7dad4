using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// Properties of POST /api/v1/responses that hold for any body a client can send (see
/// <see cref="ResponseBodies"/>): never a 5xx; every refusal is problem+json and writes nothing; a
/// 201 stores exactly one row, equal to what was sent (the service's agency, the period of the
/// MPP-local date, the scores in the version's order); a repeated id never makes a second row.
/// A fixed seed and a few hundred requests in ./test; for a long run set MPPSURVEY_PROPERTY_SEED
/// (a number, or "random") and MPPSURVEY_PROPERTY_ITERATIONS. A failure names the seed and the
/// request number, which reproduce it.
/// </summary>
public sealed class ResponsesApiPropertyTests(IntegrityFixture app, ITestOutputHelper output) : IClassFixture<IntegrityFixture>
{
    private const ulong DefaultSeed = 20261203;
    private const int DefaultIterations = 300;

    [Fact]
    public async Task Any_body_gets_no_5xx_and_a_problem_or_exactly_the_row_it_describes()
    {
        var seedSetting = Environment.GetEnvironmentVariable("MPPSURVEY_PROPERTY_SEED");
        var seed = seedSetting switch
        {
            null or "" => DefaultSeed,
            "random" => (ulong)Random.Shared.NextInt64(1, long.MaxValue),
            _ => ulong.Parse(seedSetting, CultureInfo.InvariantCulture),
        };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("MPPSURVEY_PROPERTY_ITERATIONS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultIterations;
        var known = await KnownAsync();
        var cases = ResponseBodies.Cases(app, DateTimeOffset.UtcNow);
        var client = app.CreateClient();
        var stored = new List<Guid>();
        var statuses = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var count = await app.ResponseCountAsync();

        for (var i = 0; i < iterations && failures.Count < 5; i++)
        {
            var c = cases.Generate(new PCG(1, seed + (ulong)i), null, out _);
            if (c.RepeatStored >= 0 && stored.Count > 0)
            {
                c.Body["id"] = stored[c.RepeatStored % stored.Count].ToString();
            }
            var (status, problem, receipt) = await SendAsync(client, c);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var after = await app.ResponseCountAsync();
            var id = Guid.TryParse(Str(c.Body["id"]), out var g) ? g : Guid.Empty;
            var wrong = Check(c, status, problem, after - count, id, stored, known, await app.StoredAsync(id));
            if (wrong is not null)
            {
                failures.Add($"request {i} (seed {seed}): {wrong}; status {status} {receipt}; sent {c}");
            }
            if (status == 201)
            {
                stored.Add(id);
            }
            count = after;
        }

        var summary = $"seed {seed}, {iterations} requests, statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}, stored {stored.Count}, failures {failures.Count}";
        output.WriteLine(summary);
        Console.WriteLine("[property] " + summary);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Prepend(summary)));
        // The generator reaches both sides: rows stored and refusals.
        Assert.Contains(201, statuses.Keys);
        Assert.Contains(400, statuses.Keys);
    }

    private sealed record Known(Dictionary<string, int> MallOfRegency, Dictionary<int, int> AgencyOfService, Dictionary<string, string[]> ElementsOfTemplate,
        Dictionary<int, Mall> Malls);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private async Task<Known> KnownAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var malls = await db.Malls.AsNoTracking().ToListAsync();
        var templates = await db.SurveyTemplateVersions.AsNoTracking().Select(v => new { v.Template!.Code, v.ElementCodes }).ToListAsync();
        return new Known(
            malls.ToDictionary(m => m.RegencyCode, m => m.Id, StringComparer.Ordinal),
            await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.AgencyId),
            templates.ToDictionary(t => t.Code, t => t.ElementCodes, StringComparer.Ordinal),
            malls.ToDictionary(m => m.Id));
    }

    private async Task<(int Status, bool Problem, string Body)> SendAsync(HttpClient client, ResponseBodies.Case c)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiCalls.Path) { Content = new ByteArrayContent(ResponseBodies.Bytes(c)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.MediaType);
        var channel = Str(c.Body["channel"]);
        var token = c.Kiosk switch
        {
            "matching" when channel == "kiosk" => Str(c.Body["regencyCode"]) == "52.72" ? app.OtherMallKioskToken : app.KioskToken,
            "revoked" => app.RevokedKioskToken,
            "other-mall" => app.OtherMallKioskToken,
            "garbage" => "bukan-token",
            "valid-on-other-channel" => app.KioskToken,
            _ => null,
        };
        if (token is not null)
        {
            request.Headers.Add("X-Kiosk-Token", token);
        }
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(c.Truncate % 2 == 0 ? "id" : "en"));
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/problem+json", text.Length > 600 ? text[..600] : text);
    }

    /// <returns>What is wrong with the answer, or null.</returns>
    private string? Check(ResponseBodies.Case c, int status, bool problem, int added, Guid id, List<Guid> stored, Known known, Response? row)
    {
        if (status >= 500)
        {
            return "a server error";
        }
        if (status is < 200 or >= 300)
        {
            return !problem ? "a refusal that is not problem+json" : added != 0 ? $"a refusal that wrote {added} rows" : null;
        }
        var repeat = stored.Contains(id);
        if (status == 200)
        {
            return !repeat ? "200 for an id not stored before" : added != 0 ? "a repeat that wrote a row" : null;
        }
        if (status != 201)
        {
            return $"an unexpected success {status}";
        }
        if (repeat)
        {
            return "201 for an id already stored";
        }
        if (added != 1 || row is null)
        {
            return $"201 with {added} rows written";
        }
        return Mismatch(c.Body, row, known);
    }

    /// <summary>The stored row against the request: null when every field is as sent.</summary>
    private string? Mismatch(JsonObject body, Response row, Known known)
    {
        string? Text(string name) => Str(body[name]);
        // As the server reads the token: "4" is 4, "4.0" is not an integer.
        int? Int(JsonNode? node) => node is JsonValue && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) ? x : null;

        var mallId = known.MallOfRegency[Text("regencyCode")!.Trim()];
        var serviceId = Int(body["serviceId"]);
        var agencyId = serviceId is int s ? known.AgencyOfService[s] : Int(body["agencyId"]);
        var template = string.IsNullOrWhiteSpace(Text("template")) ? "skm" : Text("template")!.Trim();
        var answers = body["answers"] as JsonObject;
        var scores = known.ElementsOfTemplate[template].Select(code => (short?)Int(answers?[code])).ToArray();
        var suggestion = string.IsNullOrWhiteSpace(Text("suggestion")) ? null : Text("suggestion")!.Trim();
        var submitted = DateTimeOffset.Parse(Text("submittedAt")!, CultureInfo.InvariantCulture);
        var local = known.Malls[mallId].LocalTime(submitted);
        var period = Period.Containing(DateOnly.FromDateTime(local), PeriodKind.Semester).Code;
        var channel = Text("channel") switch { "kiosk" => ResponseChannel.Kiosk, "qr" => ResponseChannel.QrPhone, _ => ResponseChannel.OfficerAssisted };
        var age = Int(body["profile"]?["age"]);

        var differences = new List<string>();
        void Expect<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                differences.Add($"{what} {actual} stored, {expected} sent");
            }
        }
        Expect("mall", mallId, row.MallId);
        Expect("agency", agencyId, row.AgencyId);
        Expect("service", serviceId, row.ServiceId);
        Expect("channel", channel, row.Channel);
        Expect("scores", string.Join(",", scores), string.Join(",", row.Scores));
        Expect("suggestion", suggestion, row.Suggestion);
        Expect("period", period, row.PeriodCode);
        Expect("age", age is int a ? (short?)a : null, row.Age);
        Expect("kiosk", channel == ResponseChannel.Kiosk ? (int?)app.KioskId : null, row.KioskId is null ? null : app.KioskId);
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }
}
