using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// The ingest catalog across two app processes on one database: host A takes the responses and
/// holds what it looked up; the changes are made through host B (as an administrator on another
/// node would), so A learns of them only through the database's notifications.
/// </summary>
public sealed class IngestCatalogTests(IngestCatalogFixture app) : IClassFixture<IngestCatalogFixture>
{
    /// <summary>How long a change may take to reach the other node.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    private WebApplicationFactory<Program> Second => app.Second;

    [Fact]
    public async Task A_service_deactivated_through_another_host_is_refused_by_this_one_within_a_second()
    {
        var serviceId = await NewServiceAsync("Akta kelahiran");
        await WaitUntilListeningAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, Body(serviceId))).StatusCode);
        Assert.True(Catalog.Holds(app.ConnectionString, ApiFixture.Regency));

        await DeactivateThroughSecondAsync(serviceId);

        await AssertRefusedWithinBoundAsync(client, serviceId);
    }

    [Fact]
    public async Task A_survey_started_through_another_host_takes_this_hosts_next_response()
    {
        // MPP Kota Bima runs skm only; "wajib" has no survey there yet.
        await WaitUntilListeningAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, BimaBody("skm"))).StatusCode);
        var before = await ApiCalls.PostAsync(client, BimaBody(ApiFixture.RequiredTemplate));
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Equal(new[] { "template" }, (await ApiCalls.ProblemAsync(before)).Errors.Keys);

        int surveyId;
        await using (var scope = Second.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            var bima = await db.Malls.SingleAsync(m => m.RegencyCode == "52.72");
            var wajib = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == ApiFixture.RequiredTemplate);
            var survey = new Survey { MallId = bima.Id, TemplateVersionId = wajib.Id, PeriodCode = app.OpenPeriod };
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
            surveyId = survey.Id;
        }

        var id = Guid.NewGuid();
        var after = await ApiCalls.PostAsync(client, BimaBody(ApiFixture.RequiredTemplate, id));

        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(surveyId, (await app.StoredAsync(id))!.SurveyId);
    }

    [Fact]
    public async Task A_theme_term_added_through_another_host_classifies_this_hosts_next_suggestion()
    {
        await WaitUntilListeningAsync();
        var client = app.CreateClient();
        var first = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, WithSuggestion(Body(app.ServiceId, first), "Tolong zebrakopi."))).StatusCode);
        Assert.Equal(SuggestionTheme.None, (await app.StoredAsync(first))!.Themes);

        await using (var scope = Second.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            var mallId = await db.Malls.Where(m => m.RegencyCode == ApiFixture.Regency).Select(m => m.Id).SingleAsync();
            db.ThemeTerms.Add(new ThemeTerm { MallId = mallId, Theme = SuggestionTheme.Cost, Term = "zebrakopi", AddedBy = "admin@uji.test", AddedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        // The notification has reached A once A no longer holds the MPP.
        Assert.True(await WithinBoundAsync(() => Task.FromResult(!Catalog.Holds(app.ConnectionString, ApiFixture.Regency))));

        var next = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, WithSuggestion(Body(app.ServiceId, next), "Tolong zebrakopi."))).StatusCode);
        Assert.Equal(SuggestionTheme.Cost, (await app.StoredAsync(next))!.Themes);
    }

    [Fact]
    public async Task After_the_listening_connection_is_killed_a_service_deactivated_meanwhile_is_still_refused()
    {
        var serviceId = await NewServiceAsync("Surat pindah");
        await WaitUntilListeningAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, Body(serviceId))).StatusCode);

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", connection);
            kill.Parameters.Add(new NpgsqlParameter { Value = IngestCatalogListener.ApplicationName });
            Assert.True((int)(await kill.ExecuteScalarAsync())! >= 1);
        }
        await DeactivateThroughSecondAsync(serviceId);

        await AssertRefusedWithinBoundAsync(client, serviceId);
        // It listens again by itself, and holds again what it reads from then on.
        await WaitUntilListeningAsync();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, Body(app.ServiceId))).StatusCode);
        Assert.True(Catalog.Holds(app.ConnectionString, ApiFixture.Regency));
    }

    [Fact]
    public async Task A_notification_that_names_no_mpp_forgets_everything_and_the_listener_goes_on()
    {
        var serviceId = await NewServiceAsync("Legalisir");
        await WaitUntilListeningAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, Body(serviceId))).StatusCode);
        Assert.True(Catalog.Holds(app.ConnectionString, ApiFixture.Regency));

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var notify = new NpgsqlCommand($"NOTIFY {IngestCatalog.Channel}, 'x'; NOTIFY {IngestCatalog.Channel}, '99999999999999999999'", connection);
            await notify.ExecuteNonQueryAsync();
        }

        Assert.True(await WithinBoundAsync(() => Task.FromResult(!Catalog.Holds(app.ConnectionString, ApiFixture.Regency))));
        Assert.True(Catalog.IsHolding(app.ConnectionString));
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, Body(serviceId))).StatusCode);
        await DeactivateThroughSecondAsync(serviceId);
        await AssertRefusedWithinBoundAsync(client, serviceId);
    }

    private IngestCatalog Catalog => app.Services.GetRequiredService<IngestCatalog>();

    private JsonObject Body(int serviceId, Guid? id = null)
    {
        var body = ApiCalls.ValidBody(app, id);
        body["serviceId"] = serviceId;
        return body;
    }

    private JsonObject BimaBody(string template, Guid? id = null)
    {
        var body = ApiCalls.ValidBody(app, id);
        body["regencyCode"] = "52.72";
        body["agencyId"] = app.OtherMallAgencyId;
        body.Remove("serviceId");
        body["template"] = template;
        if (template != "skm")
        {
            body["answers"] = new JsonObject { ["Q1"] = 3, ["Q2"] = 4 };
        }
        return body;
    }

    private static JsonObject WithSuggestion(JsonObject body, string suggestion)
    {
        body["suggestion"] = suggestion;
        return body;
    }

    /// <summary>A service of Dukcapil at Jombang of the test's own, so deactivating it touches no other test.</summary>
    private async Task<int> NewServiceAsync(string name)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var service = new Service { AgencyId = app.AgencyId, Name = name };
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return service.Id;
    }

    private async Task DeactivateThroughSecondAsync(int serviceId)
    {
        await using var scope = Second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var service = await db.Services.SingleAsync(s => s.Id == serviceId);
        service.IsActive = false;
        await db.SaveChangesAsync();
    }

    /// <summary>Posts fresh responses for the service until one is refused, for at most <see cref="Bound"/>; the refusal is the usual one and stores nothing.</summary>
    private async Task AssertRefusedWithinBoundAsync(HttpClient client, int serviceId)
    {
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        Guid id;
        do
        {
            id = Guid.NewGuid();
            response = await ApiCalls.PostAsync(client, Body(serviceId, id));
        }
        while (response.StatusCode == HttpStatusCode.Created && clock.Elapsed < Bound && await Pause());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiCalls.ProblemAsync(response);
        Assert.Equal(new[] { "serviceId" }, problem.Errors.Keys);
        Assert.Null(await app.StoredAsync(id));
    }

    private static async Task<bool> WithinBoundAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Bound)
            {
                return false;
            }
            await Pause();
        }
        return true;
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(10);
        return true;
    }

    /// <summary>Both hosts listen (B is started here on first use); a host that does not listen reads through and would prove nothing.</summary>
    private async Task WaitUntilListeningAsync()
    {
        _ = Second.Server;
        var clock = Stopwatch.StartNew();
        while (!Catalog.IsHolding(app.ConnectionString) || !Second.Services.GetRequiredService<IngestCatalog>().IsHolding(app.ConnectionString))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The ingest catalog's listener did not listen within 30 s.");
            await Task.Delay(10);
        }
    }
}

/// <summary>Jombang and Bima as in <see cref="ApiFixture"/>, plus host B on the same database, started once for the class.</summary>
public sealed class IngestCatalogFixture : ApiFixture
{
    private WebApplicationFactory<Program>? _second;

    /// <summary>Host B: the same app on the same database with its own process state (catalog, listener); disposed with this factory.</summary>
    public WebApplicationFactory<Program> Second => _second ??= WithWebHostBuilder(_ => { });
}
