using System.Net;
using Microsoft.EntityFrameworkCore;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>A kiosk's response is a sign of life too, but costs no extra write per response: at most one a minute.</summary>
public sealed class KioskResponseActivityTests(ApiFixture app) : IClassFixture<ApiFixture>
{
    private async Task<(DateTimeOffset? LastSeen, string Xmin)> KioskRowAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var lastSeen = await db.Kiosks.AsNoTracking().Where(k => k.Id == app.KioskId).Select(k => k.LastSeenAt).SingleAsync();
        var xmin = await db.Database.SqlQueryRaw<string>("SELECT xmin::text AS \"Value\" FROM kiosks WHERE id = {0}", app.KioskId).SingleAsync();
        return (lastSeen, xmin);
    }

    [Fact]
    public async Task A_kiosk_response_records_last_seen_and_the_next_within_the_minute_leaves_the_kiosk_row_alone()
    {
        await using (var scope = app.Scope())
        {
            await app.Db(scope).Kiosks.Where(k => k.Id == app.KioskId).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastSeenAt, (DateTimeOffset?)null));
        }
        var before = DateTimeOffset.UtcNow;

        var first = ApiCalls.ValidBody(app);
        first["channel"] = "kiosk";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(app.CreateClient(), first, app.KioskToken)).StatusCode);

        var afterFirst = await KioskRowAsync();
        Assert.NotNull(afterFirst.LastSeen);
        Assert.True(afterFirst.LastSeen >= before.AddSeconds(-1));

        var second = ApiCalls.ValidBody(app);
        second["channel"] = "kiosk";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(app.CreateClient(), second, app.KioskToken)).StatusCode);

        Assert.Equal(afterFirst, await KioskRowAsync());
    }
}
