using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Demo;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Demo;

public sealed class DemoSeederTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task<(int malls, int agencies, int services, int surveys, int responses, int users)> CountsAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        return (await db.Malls.CountAsync(), await db.Agencies.CountAsync(), await db.Services.CountAsync(),
            await db.Surveys.CountAsync(), await db.Responses.CountAsync(), await db.Users.CountAsync());
    }

    [Fact]
    public async Task The_demo_has_the_named_MPPs_six_semesters_and_a_user_per_role()
    {
        var (malls, agencies, _, surveys, responses, users) = await CountsAsync();

        await using var scope = app.Scope();
        var db = app.Db(scope);
        Assert.Equal(DemoCatalog.Malls.Length, malls);
        Assert.True(agencies >= malls * 10, $"{agencies} agencies");
        // SKM, SPKP and SPAK in every semester at every MPP.
        Assert.Equal(malls * DemoSeeder.SemesterCount * 3, surveys);
        Assert.Equal(malls * DemoSeeder.SemesterCount, await db.Surveys.CountAsync(s => s.TemplateVersion!.Template!.Code == "skm"));
        Assert.True(responses > 0);
        Assert.Equal(DemoSeeder.Users.Length, users);
        Assert.Equal("MPP Kabupaten Jombang", (await db.Malls.SingleAsync(m => m.RegencyCode == "35.17")).Name);
        Assert.Equal(6, await db.Surveys.Select(s => s.PeriodCode).Distinct().CountAsync());
        // Some answers are blank (null), never 0, and every stored answer is on the 1-4 scale.
        var answers = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM responses, unnest(scores) s WHERE s IS NULL").SingleAsync();
        // Every stored answer lies on its template's scale: 1-4 for SKM, 1-6 for SPKP and SPAK.
        var outside = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM responses r JOIN survey_template_versions v ON v.id = r.template_version_id, unnest(r.scores) s WHERE s NOT BETWEEN v.scale_min AND v.scale_max").SingleAsync();
        var skmOutside = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM responses r JOIN survey_template_versions v ON v.id = r.template_version_id JOIN survey_templates t ON t.id = v.template_id, unnest(r.scores) s WHERE t.code = 'skm' AND s NOT BETWEEN 1 AND 4").SingleAsync();
        var perception = await db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM responses r JOIN survey_template_versions v ON v.id = r.template_version_id JOIN survey_templates t ON t.id = v.template_id WHERE t.code IN ('spkp', 'spak')").SingleAsync();
        Assert.Equal(0, skmOutside);
        Assert.True(perception > 0, "the demo has SPKP and SPAK responses");
        Assert.True(answers > 0, "the demo has blank answers");
        Assert.Equal(0, outside);
    }

    [Fact]
    public async Task Demo_responses_mix_every_service_model_over_the_channels_and_a_kiosk_stays_at_its_counters()
    {
        await using var scope = app.Scope();
        var mix = await app.Db(scope).Responses.AsNoTracking()
            .GroupBy(r => new { r.Channel, r.ServiceModel }).Select(g => new { g.Key.Channel, g.Key.ServiceModel, Count = g.Count() }).ToListAsync();
        var total = mix.Sum(m => m.Count);
        foreach (var model in Enum.GetValues<MppSurvey.Core.Responses.ServiceModel>())
        {
            Assert.True(mix.Where(m => m.ServiceModel == model).Sum(m => m.Count) > 0, $"no {model} response in the demo");
        }
        // The demo kiosk stands at the counters: every kiosk response is langsung, as the API would store it.
        Assert.All(mix.Where(m => m.Channel == MppSurvey.Core.Responses.ResponseChannel.Kiosk), m => Assert.Equal(MppSurvey.Core.Responses.ServiceModel.Direct, m.ServiceModel));
        Assert.True(mix.Where(m => m.ServiceModel == MppSurvey.Core.Responses.ServiceModel.Direct).Sum(m => m.Count) > total / 2, "langsung is the usual way");
    }

    [Fact]
    public async Task Seeding_the_demo_again_reuses_what_is_there()
    {
        var before = await CountsAsync();

        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(DemoAppFixture.Scale, TextWriter.Null);
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Responses_fall_on_working_days_inside_their_period_in_local_time()
    {
        await using var scope = app.Scope();
        var misplaced = await app.Db(scope).Database.SqlQueryRaw<long>("""
            SELECT count(*) AS "Value" FROM responses r JOIN periods p ON p.code = r.period_code
            WHERE r.submitted_at_local::date NOT BETWEEN p.starts_on AND p.ends_on
               OR extract(isodow FROM r.submitted_at_local) > 5
            """).SingleAsync();
        Assert.Equal(0, misplaced);
    }
}
