using System.Net;
using System.Text.Json.Nodes;
using MppSurvey.Core.Responses;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>Three QR requests per minute per client, so the fourth meets the limit.</summary>
public sealed class RateLimitFixture : ApiFixture
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["Survey:RateLimit:PermitLimit"] = "3",
        ["Survey:RateLimit:WindowSeconds"] = "60",
    };
}

public sealed class ResponsesApiRateLimitTests(RateLimitFixture app) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Past_the_rate_limit_a_client_gets_429_with_Retry_After_and_nothing_is_stored()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app))).StatusCode);
        }
        var id = Guid.NewGuid();

        var limited = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, id));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = await ApiCalls.ProblemAsync(limited);
        Assert.Equal(429, problem.Status);
        Assert.Equal("Terlalu banyak permintaan.", problem.Title);
        Assert.StartsWith("Terlalu banyak respons dari perangkat ini", problem.Detail, StringComparison.Ordinal);
        Assert.Null(await app.StoredAsync(id));

        var english = await ApiCalls.ProblemAsync(await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app), language: "en"));
        Assert.Equal("Too many requests.", english.Title);
    }
}

/// <summary>The default 20-second kiosk cooldown.</summary>
public sealed class KioskCooldownFixture : ApiFixture
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["Survey:RateLimit:PermitLimit"] = "100000",
        ["Survey:KioskCooldownSeconds"] = "20",
    };
}

public sealed class ResponsesApiKioskCooldownTests(KioskCooldownFixture app) : IClassFixture<KioskCooldownFixture>
{
    private JsonObject KioskBody(Guid id)
    {
        var body = ApiCalls.ValidBody(app, id);
        body["channel"] = "kiosk";
        return body;
    }

    /// <summary>One sequence, because the cooldown of the fixture's one kiosk would leak between tests.</summary>
    [Fact]
    public async Task A_kiosk_must_wait_its_cooldown_between_two_responses_but_may_repeat_one_and_a_refused_one_does_not_count()
    {
        var client = app.CreateClient();
        var refusedId = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var bad = KioskBody(refusedId);
        bad["answers"] = new JsonObject { ["U1"] = 7 };

        var refused = await ApiCalls.PostAsync(client, bad, app.KioskToken);
        var accepted = await ApiCalls.PostAsync(client, KioskBody(first), app.KioskToken);
        var tooSoon = await ApiCalls.PostAsync(client, KioskBody(second), app.KioskToken);
        var retry = await ApiCalls.PostAsync(client, KioskBody(first), app.KioskToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.InRange(tooSoon.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 20);
        var problem = await ApiCalls.ProblemAsync(tooSoon);
        Assert.Equal("Terlalu banyak permintaan.", problem.Title);
        Assert.StartsWith("Kios ini baru saja mengirim respons", problem.Detail, StringComparison.Ordinal);
        Assert.Null(await app.StoredAsync(second));
        Assert.Null(await app.StoredAsync(refusedId));
        // A retry after a lost acknowledgement is not a new response: the cooldown does not apply.
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await accepted.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }
}

/// <summary>No cooldown; a burst is more than 3 responses of a kiosk, or more than 2 of a client, within two minutes.</summary>
public sealed class BurstFixture : ApiFixture
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["Survey:RateLimit:PermitLimit"] = "100000",
        ["Survey:RateLimit:KioskPermitLimit"] = "100000",
        ["Survey:KioskCooldownSeconds"] = "0",
        ["Survey:Burst:MaxResponses"] = "3",
        ["Survey:Burst:ClientMaxResponses"] = "2",
        ["Survey:Burst:WindowSeconds"] = "120",
    };
}

public sealed class ResponsesApiBurstTests(BurstFixture app) : IClassFixture<BurstFixture>
{
    [Fact]
    public async Task Responses_of_one_kiosk_beyond_the_burst_limit_are_stored_and_flagged()
    {
        var client = app.CreateClient();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var id in ids)
        {
            var body = ApiCalls.ValidBody(app, id);
            body["channel"] = "kiosk";
            Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, body, app.KioskToken)).StatusCode);
        }

        var flags = new List<ResponseFlags>();
        foreach (var id in ids)
        {
            flags.Add((await app.StoredAsync(id))!.Flags);
        }
        Assert.Equal([ResponseFlags.None, ResponseFlags.None, ResponseFlags.None, ResponseFlags.Burst, ResponseFlags.Burst], flags);
    }

    /// <summary>One sequence, because all TestServer requests share one client partition ("unknown").</summary>
    [Fact]
    public async Task Responses_of_one_QR_client_beyond_its_burst_limit_are_flagged_and_repeats_do_not_count()
    {
        var client = app.CreateClient();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();

        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, ids[0]))).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, ids[0]))).StatusCode);
        }
        var officer = ApiCalls.ValidBody(app, ids[1]);
        officer["channel"] = "officer";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, officer)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app, ids[2]))).StatusCode);

        Assert.Equal(ResponseFlags.None, (await app.StoredAsync(ids[0]))!.Flags);
        Assert.Equal(ResponseFlags.None, (await app.StoredAsync(ids[1]))!.Flags);
        Assert.Equal(ResponseFlags.Burst, (await app.StoredAsync(ids[2]))!.Flags);
    }
}
