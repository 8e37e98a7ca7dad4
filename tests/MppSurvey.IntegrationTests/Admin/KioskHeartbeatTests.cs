using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// A kiosk's "last seen": written by the heartbeat at most once a minute (a second heartbeat within
/// the minute leaves the row untouched: same xmin), refused without a valid token, and shown on
/// /Admin/Kiosks in the MPP's own zone (WITA for Makassar).
/// </summary>
public sealed class KioskHeartbeatTests(KioskHeartbeatTests.Fixture app) : IClassFixture<KioskHeartbeatTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>MPP Kota Makassar (73.71, WITA) with a live kiosk, a revoked one, and its MPP admin.</summary>
    public sealed class Fixture : AppFixture
    {
        public string LiveToken { get; private set; } = "";
        public string RevokedToken { get; private set; } = "";
        public int LiveId { get; private set; }
        public int RevokedId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var mall = new Mall { RegencyCode = "73.71", Name = "MPP Kota Makassar", TimeZone = IndonesianTimeZone.Wita };
            var live = new Kiosk { Name = "Kios lobi" };
            var revoked = new Kiosk { Name = "Kios hilang" };
            mall.Kiosks.Add(live);
            mall.Kiosks.Add(revoked);
            var now = DateTimeOffset.UtcNow;
            LiveToken = KioskTokens.Issue(live, now);
            RevokedToken = KioskTokens.Issue(revoked, now);
            KioskTokens.Revoke(revoked, now);
            db.Malls.Add(mall);
            await db.SaveChangesAsync();
            (LiveId, RevokedId) = (live.Id, revoked.Id);
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("mpp.makassar@uji.test", Roles.MppAdmin, "73.71", mall.Id));
        }
    }

    private async Task<HttpResponseMessage> HeartbeatAsync(string? token)
    {
        var client = LoginClient.Anonymous(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/kiosks/heartbeat");
        if (token is not null)
        {
            request.Headers.Add(KioskTokens.HeaderName, token);
        }
        return await client.SendAsync(request);
    }

    /// <summary>The row's last_seen_at and its xmin: a new xmin means the row was written.</summary>
    private async Task<(DateTimeOffset? LastSeen, string Xmin)> RowAsync(int id)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var lastSeen = await db.Kiosks.AsNoTracking().Where(k => k.Id == id).Select(k => k.LastSeenAt).SingleAsync();
        var xmin = await db.Database.SqlQueryRaw<string>("SELECT xmin::text AS \"Value\" FROM kiosks WHERE id = {0}", id).SingleAsync();
        return (lastSeen, xmin);
    }

    private async Task SetLastSeenAsync(int id, DateTimeOffset? at)
    {
        await using var scope = app.Scope();
        await app.Db(scope).Kiosks.Where(k => k.Id == id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastSeenAt, at));
    }

    [Fact]
    public async Task A_heartbeat_records_last_seen_and_a_second_one_within_the_minute_writes_nothing()
    {
        await SetLastSeenAsync(app.LiveId, null);
        var before = DateTimeOffset.UtcNow;

        var first = await HeartbeatAsync(app.LiveToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var (seen, xmin) = await RowAsync(app.LiveId);
        Assert.NotNull(seen);
        Assert.InRange(seen.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        var second = await HeartbeatAsync(app.LiveToken);

        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal((seen, xmin), await RowAsync(app.LiveId));

        // Once the stored time is over a minute old, the next heartbeat writes again.
        await SetLastSeenAsync(app.LiveId, DateTimeOffset.UtcNow.AddSeconds(-61));
        var stale = await RowAsync(app.LiveId);
        Assert.Equal(HttpStatusCode.NoContent, (await HeartbeatAsync(app.LiveToken)).StatusCode);
        var fresh = await RowAsync(app.LiveId);
        Assert.NotEqual(stale.Xmin, fresh.Xmin);
        Assert.True(fresh.LastSeen > stale.LastSeen);
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("forged")]
    [InlineData("missing")]
    [InlineData("blank")]
    public async Task A_heartbeat_without_a_valid_token_is_401_problem_json_and_writes_nothing(string kind)
    {
        await SetLastSeenAsync(app.RevokedId, null);
        var before = await RowAsync(app.RevokedId);
        var token = kind switch
        {
            "revoked" => app.RevokedToken,
            "forged" => app.LiveToken[..^2] + "xx",
            "blank" => "   ",
            _ => null,
        };

        var response = await HeartbeatAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(KioskTokens.HeaderName, out _));
        Assert.Equal(before, await RowAsync(app.RevokedId));
    }

    [Fact]
    public async Task The_kiosk_page_shows_last_seen_in_the_malls_own_zone()
    {
        // 06:05 UTC is 14:05 in Makassar (WITA, UTC+8), not 13:05 WIB.
        await SetLastSeenAsync(app.LiveId, new DateTimeOffset(2026, 12, 3, 6, 5, 0, TimeSpan.Zero));
        var client = await LoginClient.SignedInAsync(app, "mpp.makassar@uji.test", Password);

        var html = await client.GetStringAsync("/Admin/Kiosks");

        Assert.Contains("<td class=\"last-seen\">2026-12-03 14:05 WITA</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" WIB", html, StringComparison.Ordinal);
    }
}
