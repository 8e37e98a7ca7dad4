using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MppSurvey.Core.Database;
using Npgsql;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// Liveness and readiness probes: `/healthz` answers whatever the database does; `/ready` is 503
/// while PostgreSQL is really stopped (a private server, so the rest of the suite never sees the
/// outage), says nothing about why, and is 200 again once the server is back.
/// </summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"mppsurvey-tests-{Environment.ProcessId}-health");
    private PrivatePostgres _server = null!;
    private App _app = null!;

    private sealed class App(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
            builder.UseSetting("Jobs:RunServer", "false");
            builder.UseSetting("Health:TimeoutSeconds", "2");
        }
    }

    public Task InitializeAsync()
    {
        _server = PrivatePostgres.Start(_dataDirectory, durable: false);
        var connection = new NpgsqlConnectionStringBuilder(_server.ConnectionString("mppsurvey_health")) { Timeout = 3, CommandTimeout = 10 }.ConnectionString;
        _app = new App(connection);
        _ = _app.Server;
        return Task.CompletedTask;
    }

    private HttpClient Anonymous() => _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_without_details_while_PostgreSQL_is_stopped_and_200_again_after_restart_while_healthz_stays_200()
    {
        using var http = Anonymous();

        using (var live = await http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
            Assert.False(live.Headers.Contains("Set-Cookie"));
            // The site's headers still apply, and a probe's answer is never cached.
            Assert.True(live.Headers.Contains("Content-Security-Policy"));
            Assert.True(live.Headers.CacheControl?.NoStore);
        }
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/ready"));
        using (var post = await http.PostAsync("/ready", new StringContent("")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        var port = _server.Port;
        _server.Stop(immediate: true);
        NpgsqlConnection.ClearAllPools();
        var started = DateTime.UtcNow;
        var (status, body) = await GetAsync(http, "/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        // Only the status word: no exception text, host, port or database name for an anonymous caller.
        Assert.Equal("Unhealthy", body);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the probe must not hang");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/healthz"));

        _server = PrivatePostgres.Start(_dataDirectory, durable: false, port: port);
        // Pooled connections from before the stop are dead; a probe may meet one before the pool notices.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            (status, body) = await GetAsync(http, "/ready");
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(250);
        return true;
    }

    [Fact]
    public async Task Ready_is_503_while_a_migration_is_pending()
    {
        // A node that is up but whose database lacks a migration it expects must not take traffic.
        var connection = _server.ConnectionString("mppsurvey_health");
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand(
                "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\")", db);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        using var http = Anonymous();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(http, "/ready"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/healthz"));
    }

    [Fact]
    public async Task Ready_is_503_while_Hangfire_storage_is_missing()
    {
        await using (var db = new NpgsqlConnection(_server.ConnectionString("mppsurvey_health")))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER SCHEMA hangfire RENAME TO hangfire_gone", db);
            await command.ExecuteNonQueryAsync();
        }
        using var http = Anonymous();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(http, "/ready"));
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
