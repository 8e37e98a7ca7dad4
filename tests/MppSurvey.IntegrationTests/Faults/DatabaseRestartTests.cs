using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Surveys;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Faults;

/// <summary>
/// Fault test: PostgreSQL is stopped like a crash (`pg_ctl stop -m immediate`) and
/// started again while clients keep submitting, each retrying its response with the same id
/// until it is acknowledged, as the survey page's queue does. Every acknowledged response must be
/// in the database exactly once, and nothing unacknowledged may be counted. The server is a
/// private one, so the rest of the suite never sees the outage.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 8;
    private const int ResponsesPerClient = 40;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"mppsurvey-tests-{Environment.ProcessId}-restart");
    private PrivatePostgres _server = null!;
    private App _app = null!;

    private sealed class App(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
            builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
            builder.UseSetting("Jobs:RunServer", "false");
            // Many responses from one test client within seconds: lift the per-client limit and burst flag.
            builder.UseSetting("Survey:RateLimit:PermitLimit", "100000");
            builder.UseSetting("Survey:Burst:ClientMaxResponses", "100000");
        }
    }

    public async Task InitializeAsync()
    {
        // Durable (fsync on): the point is what survives a crash.
        _server = PrivatePostgres.Start(_dataDirectory, durable: true);
        var connection = new NpgsqlConnectionStringBuilder(_server.ConnectionString("mppsurvey_restart")) { Timeout = 3, CommandTimeout = 10 }.ConnectionString;
        _app = new App(connection);
        _ = _app.Server;
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var mall = new Mall { RegencyCode = "35.17", Name = "MPP Jombang", TimeZone = IndonesianTimeZone.Wib };
        var agency = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil" };
        agency.Services.Add(new Service { Name = "Kartu Keluarga" });
        mall.Agencies.Add(agency);
        db.Malls.Add(mall);
        var period = Period.Containing(DateOnly.FromDateTime(mall.LocalTime(DateTimeOffset.UtcNow)), PeriodKind.Semester);
        db.Periods.Add(period);
        await db.SaveChangesAsync();
        var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = period.Code });
        await db.SaveChangesAsync();
    }

    private static JsonObject Body(Guid id, int n) => new()
    {
        ["id"] = id.ToString(),
        ["regencyCode"] = "35.17",
        ["template"] = "skm",
        ["channel"] = "qr",
        ["submittedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        ["answers"] = new JsonObject { ["U1"] = 1 + n % 4, ["U2"] = 4, ["U3"] = 3, ["U4"] = 4, ["U5"] = 2, ["U6"] = 4, ["U7"] = 3, ["U8"] = 1 + n % 3, ["U9"] = 3 },
    };

    [Fact]
    public async Task Every_response_acknowledged_while_PostgreSQL_crashes_and_restarts_is_stored_exactly_once()
    {
        var acknowledged = new ConcurrentDictionary<Guid, int>();
        var statuses = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = _app.CreateClient();
            for (var i = 0; i < ResponsesPerClient; i++)
            {
                var id = Guid.NewGuid();
                var body = Body(id, c * ResponsesPerClient + i);
                while (true)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    string outcome;
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/v1/responses", body, stop.Token);
                        outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            acknowledged[id] = (int)response.StatusCode;
                            statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                            break;
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        outcome = "exception " + e.GetType().Name;
                    }
                    statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                    await Task.Delay(150, stop.Token);
                }
                await Task.Delay(20, stop.Token);
            }
        })).ToList();

        // Let the clients get going, crash the server, keep it down a while, start it on the same port.
        // The crash comes once a quarter of the responses are acknowledged, not after a fixed time: on an
        // idle machine every response was in before a fixed 1.5 s, and no request met the outage.
        for (var waited = 0; acknowledged.Count < Clients * ResponsesPerClient / 4 && waited < 60_000; waited += 5)
        {
            await Task.Delay(5);
        }
        var port = _server.Port;
        _server.Stop(immediate: true);
        output.WriteLine($"PostgreSQL stopped (immediate) after {acknowledged.Count} acknowledgements");
        await Task.Delay(3000);
        var duringOutage = acknowledged.Count;
        _server = PrivatePostgres.Start(_dataDirectory, durable: true, port: port);
        output.WriteLine($"PostgreSQL started again; {duringOutage} acknowledged before it came back");
        await Task.WhenAll(clients);

        output.WriteLine("Statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        // The check reads with fresh connections: pooled ones idle since before the crash are dead
        // (the app meets those too, answers 503 once and its client retries).
        NpgsqlConnection.ClearAllPools();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var stored = await db.Responses.AsNoTracking().Select(r => r.Id).ToListAsync();

        Assert.Equal(Clients * ResponsesPerClient, acknowledged.Count);
        // Exactly the acknowledged set: none lost, none extra, none twice.
        Assert.Equal(acknowledged.Keys.Order(), stored.Order());
        // The outage really happened and was answered as one: 503 (retry later), never a 500.
        Assert.True(statuses.GetValueOrDefault("503") > 0, "no request met the outage");
        Assert.DoesNotContain(statuses.Keys, k => k.StartsWith("500", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _server.Stop();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: ./test clears leftover test servers.
        }
    }
}
