using Microsoft.EntityFrameworkCore;
using MppSurvey.BrowserTests.Infrastructure;

namespace MppSurvey.BrowserTests;

/// <summary>An enrolled kiosk page sends its heartbeat (heartbeat.js) as soon as it opens, so staff see it on /Admin/Kiosks.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KioskHeartbeatTests(BrowserFixture browser, SurveyApp app) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task An_enrolled_kiosk_page_records_when_it_was_last_seen()
    {
        var (kioskId, token) = await app.EnrolKioskAsync();
        var opened = DateTimeOffset.UtcNow;
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await context.NewPageAsync();

        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?kios=1#token={token}");

        DateTimeOffset? seen = null;
        for (var until = DateTime.UtcNow.AddSeconds(15); seen is null && DateTime.UtcNow < until; await Task.Delay(200))
        {
            await using var scope = app.Scope();
            seen = await SurveyApp.Db(scope).Kiosks.AsNoTracking().Where(k => k.Id == kioskId).Select(k => k.LastSeenAt).SingleAsync();
        }
        Assert.NotNull(seen);
        Assert.True(seen >= opened.AddSeconds(-1), $"last seen {seen:O}, page opened {opened:O}");
    }
}
