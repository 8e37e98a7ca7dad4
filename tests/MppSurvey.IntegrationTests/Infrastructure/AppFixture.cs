using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;

namespace MppSurvey.IntegrationTests.Infrastructure;

/// <summary>
/// The web app on a fresh database of its own, migrated and seeded by the app's own start-up
/// path. Shared by the tests of one class (IClassFixture), so each class starts clean.
/// </summary>
public class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    /// <summary>Overridden by fixtures that want the demo data (at a small scale).</summary>
    protected virtual double? DemoScale => null;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        // Starting the server runs DatabaseStartup: migrations, regions, roles, templates (and demo data).
        _ = Server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:MppSurvey", ConnectionString);
        builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
        // The nightly index run is on the real clock (18:30 UTC): a class running across it would find an
        // index job, its log lines and its job-duration measurement that the test never started. Still
        // registered (the dashboard lists it), it never fires by itself in a test host.
        builder.UseSetting("Jobs:IndicesCron", Hangfire.Cron.Never());
        // The weekly digest likewise: the digest tests run it themselves.
        builder.UseSetting("Jobs:DigestCron", Hangfire.Cron.Never());
        // And the integrity-alert sweep: the alert tests count each mail, and run the sweep themselves.
        builder.UseSetting("Jobs:AlertSweepCron", Hangfire.Cron.Never());
        if (DemoScale is double scale)
        {
            builder.UseSetting("Demo:Seed", "true");
            builder.UseSetting("Demo:Scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>
    /// Waits until this host's Hangfire has nothing queued or running (checked three times 100 ms
    /// apart): with the demo data, start-up queues an index run (and its workbooks), and a fixture that
    /// computes indices itself must not write beside it.
    /// </summary>
    public async Task WaitForJobsIdleAsync()
    {
        var monitoring = Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var idle = 0;
        for (var waited = 0; waited < 1200 && idle < 3; waited++)
        {
            idle = monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0 ? idle + 1 : 0;
            await Task.Delay(100);
        }
        if (idle < 3)
        {
            throw new TimeoutException("Background jobs were still queued or running after 120 s.");
        }
    }

    public MppSurveyDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

/// <summary>The app with a small slice of the demo data (malls, agencies, services, users, some responses).</summary>
public sealed class DemoAppFixture : AppFixture
{
    public const double Scale = 0.002;

    protected override double? DemoScale => Scale;
}
