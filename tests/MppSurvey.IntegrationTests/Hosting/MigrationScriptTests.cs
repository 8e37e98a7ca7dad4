using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Hosting;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// Migrations outside start-up (README, Running in production): the idempotent script that
/// `./run migrations-script` prints, applied with psql, and Database:MigrateOnStartup=false.
/// </summary>
public sealed class MigrationScriptTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> NoMigration = new() { ["Database:MigrateOnStartup"] = "false", ["Jobs:RunServer"] = "false" };
    private string _script = "";

    /// <summary>
    /// The command `./run migrations-script` runs, minus its build (the test run has built the
    /// migrations assembly in its own configuration). About 4 s, once for the class.
    /// </summary>
    public async Task InitializeAsync()
    {
        var root = DatabaseHosting.FindRepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        _script = Path.Combine(Path.GetTempPath(), $"mppsurvey-migrate-{Guid.NewGuid():N}.sql");
        await PostgresClient.RunAsync(Dotnet(root, "tool", "restore"), TimeSpan.FromMinutes(2));
        await PostgresClient.RunAsync(Dotnet(root, "tool", "run", "dotnet-ef", "migrations", "script", "--idempotent", "--no-build",
            "--configuration", configuration, "--project", "migrations/MppSurvey.Migrations", "--startup-project", "migrations/MppSurvey.Migrations",
            "-o", _script), TimeSpan.FromMinutes(3));
    }

    public Task DisposeAsync()
    {
        File.Delete(_script);
        return Task.CompletedTask;
    }

    private static ProcessStartInfo Dotnet(string root, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        return psi;
    }

    private static MppSurveyDbContext Context(string connectionString) => new(new DbContextOptionsBuilder<MppSurveyDbContext>()
        .UseNpgsql(connectionString, o => o.MigrationsAssembly(MppSurveyDbContext.MigrationsAssembly)).Options);

    /// <summary>
    /// The schema as pg_dump prints it, less the random key of its \restrict lines (newer pg_dump
    /// releases) and with whitespace collapsed: the script indents the bodies of the functions that
    /// migrations create with hand-written SQL.
    /// </summary>
    private static async Task<string> SchemaAsync(string connectionString)
    {
        var schema = await PostgresClient.RunAsync("pg_dump", connectionString, "--schema-only", "--no-owner", "--exclude-table=public.\"__EFMigrationsHistory\"");
        schema = System.Text.RegularExpressions.Regex.Replace(schema, @"(?m)^\\(un)?restrict .*$", "");
        return System.Text.RegularExpressions.Regex.Replace(schema, @"\s+", " ");
    }

    [Fact]
    public async Task The_script_builds_an_empty_database_twice_over_like_the_migrations_and_the_app_starts_on_it_without_migrating()
    {
        var scripted = await TestPostgres.CreateDatabaseAsync();
        var migrated = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await PostgresClient.RunAsync("psql", scripted, "-v", "ON_ERROR_STOP=1", "-q", "-f", _script);
            // Idempotent: a second run (an operator repeating an upgrade) changes nothing and fails on nothing.
            var again = await PostgresClient.RunAsync("psql", scripted, "-v", "ON_ERROR_STOP=1", "-q", "-f", _script);
            Assert.DoesNotContain("ERROR", again, StringComparison.Ordinal);

            await using (var db = Context(scripted))
            {
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }
            // The same tables, constraints, triggers and functions as the app's own MigrateAsync makes.
            await using (var db = Context(migrated))
            {
                await db.Database.MigrateAsync();
            }
            Assert.Equal(await SchemaAsync(migrated), await SchemaAsync(scripted));

            await using var app = new AppInstance(scripted, NoMigration);
            var client = app.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
            // Reference data and Hangfire's schema are still the app's start-up work.
            await using var scope = app.Services.CreateAsyncScope();
            var appDb = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            Assert.True(await appDb.Regencies.CountAsync() > 500);
            Assert.True(await appDb.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'").SingleAsync() > 5);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(scripted);
            await TestPostgres.DropDatabaseAsync(migrated);
        }
    }

    [Fact]
    public async Task Without_MigrateOnStartup_a_database_lacking_migrations_stops_start_up_with_one_sentence_naming_the_command_and_nothing_written()
    {
        var empty = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var dll = typeof(Program).Assembly.Location;
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            foreach (var argument in new[] { dll, "--urls", "http://127.0.0.1:0" })
            {
                psi.ArgumentList.Add(argument);
            }
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            psi.Environment["PublicOrigin"] = "http://127.0.0.1";
            psi.Environment["ConnectionStrings__MppSurvey"] = empty;
            psi.Environment["Database__MigrateOnStartup"] = "false";
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            var output = await stdout + await stderr;

            Assert.Equal(1, process.ExitCode);
            await using var db = Context(empty);
            var count = db.Database.GetMigrations().Count();
            Assert.Contains($"MppSurvey cannot start: The database lacks {count} migration(s) (first {db.Database.GetMigrations().First()}) and Database__MigrateOnStartup is false: apply the script from `./run migrations-script` with psql, or set Database__MigrateOnStartup=true.", output, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);
            // Nothing was created: no migration history, no table of the app, no Hangfire schema.
            Assert.Equal(0, await db.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").SingleAsync());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(empty);
        }
    }
}
