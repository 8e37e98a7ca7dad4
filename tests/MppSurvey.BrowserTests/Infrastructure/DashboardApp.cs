using MppSurvey.IntegrationTests.Infrastructure;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// The real app on Kestrel on a fresh database of its own with a small slice of the demo data
/// (26 MPPs, six semesters, one user per role), seeded by the app's own start-up path, and the
/// index job run on every period. The demo closes and publishes every past semester and leaves
/// the current one open and unpublished.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const double Scale = 0.002;
    /// <summary>The demo MPP (Jombang) and its users.</summary>
    public const string Regency = "35.17";
    public const string RegionalHead = "bupati.jombang@mppsurvey.test";
    public const string Deputy = "kementerian@mppsurvey.test";
    public const string Password = Core.Demo.DemoSeeder.Password;

    public string ConnectionString { get; private set; } = "";
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // Start-up runs DatabaseStartup: migrations, regions, roles, templates and the demo data.
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        await using var scope = Scope();
        var db = Db(scope);
        var periods = await db.Surveys.Select(s => s.PeriodCode).Distinct().ToListAsync();
        await new RecomputeIndices(db).RunAsync(periods);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:MppSurvey", ConnectionString);
        builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Scale", Scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public static MppSurveyDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
