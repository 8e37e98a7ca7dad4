using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Startup;

/// <summary>The first start on a server where the database does not exist yet (the first ./run).</summary>
public sealed class FreshDatabaseTests
{
    private sealed class FreshApp(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
        }
    }

    [Fact]
    public async Task The_app_creates_its_database_applies_every_migration_and_installs_the_job_tables()
    {
        var connectionString = TestPostgres.UnusedDatabase();
        await using (var app = new FreshApp(connectionString))
        {
            var login = await app.CreateClient().GetAsync("/Account/Login");
            Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var jobTables = await db.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'").SingleAsync();
            Assert.True(jobTables > 5);
        }
        await TestPostgres.DropDatabaseAsync(connectionString);
    }
}
