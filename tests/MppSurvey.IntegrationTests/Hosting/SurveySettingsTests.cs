using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>The kiosk page takes its timings from the validated `Survey` settings, the cooldown rounded up to whole seconds like the API's.</summary>
public sealed class SurveySettingsTests(SurveySettingsTests.TimedApp app) : IClassFixture<SurveySettingsTests.TimedApp>
{
    public sealed class TimedApp : AppFixture
    {
        protected override double? DemoScale => DemoAppFixture.Scale;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:RunServer", "false");
            builder.UseSetting("Survey:KioskIdleSeconds", "45");
            builder.UseSetting("Survey:KioskThanksSeconds", "6");
            builder.UseSetting("Survey:KioskCooldownSeconds", "2.5");
            builder.UseSetting("Survey:QueueRetrySeconds", "12");
        }
    }

    [Fact]
    public async Task The_kiosk_page_carries_the_configured_timings()
    {
        string regency;
        await using (var scope = app.Scope())
        {
            regency = await app.Db(scope).Malls.Where(m => m.IsActive).OrderBy(m => m.RegencyCode).Select(m => m.RegencyCode).FirstAsync();
        }

        var response = await app.CreateClient().GetAsync($"/survei/{regency}?kios=1");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-idle-seconds=\"45\" data-thanks-seconds=\"6\"", html, StringComparison.Ordinal);
        Assert.Contains("data-cooldown-seconds=\"3\" data-retry-seconds=\"12\"", html, StringComparison.Ordinal);
    }
}
