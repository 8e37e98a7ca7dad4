using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Database;

namespace MppSurvey.Web.Hosting;

/// <summary>Where the database comes from: a configured connection string always wins; otherwise a private server.</summary>
public static class DatabaseHosting
{
    public const string ConnectionName = "MppSurvey";

    /// <summary>
    /// Resolves the connection string before the host is built. Without one, Development starts a
    /// private PostgreSQL in .data/postgres; other environments must be configured explicitly.
    /// </summary>
    public static string ResolveConnectionString(WebApplicationBuilder builder, out PrivatePostgres? privateServer)
    {
        privateServer = null;
        // Checked first, with or without a connection string: a bad value is one sentence before anything starts.
        var database = Settings.ReadNow<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section, DatabaseOptions.Check);
        var configured = builder.Configuration.GetConnectionString(ConnectionName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return WithPasswordFile(configured, database.PasswordFile);
        }
        if (!builder.Environment.IsDevelopment())
        {
            throw new StartupException("ConnectionStrings__MppSurvey is not set. Outside Development MppSurvey does not start a private PostgreSQL.");
        }
        var dataDirectory = string.IsNullOrWhiteSpace(database.DataDirectory) ? DefaultDataDirectory() : database.DataDirectory;
        privateServer = PrivatePostgres.Start(dataDirectory, string.IsNullOrWhiteSpace(database.PostgresBinDirectory) ? null : database.PostgresBinDirectory);
        Console.WriteLine($"Private PostgreSQL on 127.0.0.1:{privateServer.Port} (data in {dataDirectory})");
        return privateServer.ConnectionString("mppsurvey");
    }

    /// <summary>
    /// The password from a file (a Docker secret, a systemd credential, a root-only file) rather than in
    /// the connection string, so the same file serves PostgreSQL's POSTGRES_PASSWORD_FILE and the app.
    /// One trailing line break (how editors save it) is not part of the password.
    /// </summary>
    public static string WithPasswordFile(string connectionString, string? passwordFile)
    {
        if (string.IsNullOrWhiteSpace(passwordFile))
        {
            return connectionString;
        }
        if (Directory.Exists(passwordFile))
        {
            // A Docker secret or systemd credential mounted one level too high: reading it says only "access denied".
            throw new StartupException($"{Settings.Name("Database:PasswordFile")} names a folder, not the file that holds the database password (it is {Settings.Quote(passwordFile)}).");
        }
        string password;
        try
        {
            password = File.ReadAllText(passwordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"Database__PasswordFile {passwordFile} cannot be read ({e.Message}).", e);
        }
        password = password.EndsWith("\r\n", StringComparison.Ordinal) ? password[..^2]
            : password.EndsWith('\n') ? password[..^1] : password;
        if (password.Length == 0)
        {
            throw new StartupException($"Database__PasswordFile {passwordFile} is empty.");
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;
    }

    /// <summary>
    /// .data/postgres in the checkout; when the `postgres` user cannot reach the checkout (a clone
    /// under /root), a folder of its own under /var/tmp, named after the checkout so each keeps its data.
    /// </summary>
    private static string DefaultDataDirectory()
    {
        var root = FindRepositoryRoot();
        var inCheckout = Path.Combine(root, ".data", "postgres");
        if (PrivatePostgres.IsReachableByServer(inCheckout))
        {
            return inCheckout;
        }
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12];
        return Path.Combine("/var/tmp", $"mppsurvey-{key}", "postgres");
    }

    /// <summary>Pooled: a survey response is a few small queries, and building a context per request showed in the ingest benchmark.</summary>
    public static IServiceCollection AddMppSurveyDatabase(this IServiceCollection services, string connectionString)
    {
        // The settings of the database's start-up (DatabaseStartup), checked before it runs.
        services.AddSettings<DatabaseOptions>(DatabaseOptions.Section, DatabaseOptions.Check);
        services.AddSettings<DemoOptions>(DemoOptions.Section, sp => DemoOptions.Rules(sp.GetRequiredService<IHostEnvironment>()));
        services.AddSettings<TemplatesOptions>(TemplatesOptions.Section, TemplatesOptions.Check);
        // What the response recorder looks up, held in the process and kept true by the listener
        // (registered after DatabaseStartup in Program, so it listens on a migrated database).
        services.AddSingleton<Core.Responses.IngestCatalog>();
        services.AddSingleton<Core.Responses.IngestCatalogWrites>();
        var pooled = PooledConnectionString(connectionString);
        return services.AddDbContextPool<MppSurveyDbContext>((sp, o) => o.UseNpgsql(pooled,
            npgsql => npgsql.MigrationsAssembly(MppSurveyDbContext.MigrationsAssembly))
            .AddInterceptors(sp.GetRequiredService<Core.Responses.IngestCatalogWrites>()));
    }

    /// <summary>
    /// The app's pooled connections: no reset (DISCARD ALL) when one goes back to the pool, and
    /// statements the app repeats prepared once per connection (README, Decisions: the pool keeps
    /// sessions as they are). A setting the operator wrote in the connection string wins.
    /// </summary>
    public static string PooledConnectionString(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keys) => keys.Any(given.ContainsKey);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!Given("Auto Prepare Min Usages", "AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }

    /// <summary>The checkout's root (where MppSurvey.sln is), so .data/ and survey-templates/ are found from any working directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MppSurvey.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>
/// Runs the database preparation (and the demo data when asked) before Kestrel accepts requests,
/// in the app and in every test host alike.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<DatabaseOptions> database, IOptions<DemoOptions> demo, IOptions<TemplatesOptions> templates)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var timeout = TimeSpan.FromSeconds(database.Value.ConnectTimeoutSeconds);
        var migrate = database.Value.MigrateOnStartup;
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabasePreparer>().PrepareAsync(templates.Value.DirectoryOrDefault, timeout, cancellationToken, async ct =>
            {
                // Also without MigrateOnStartup: Hangfire's own versioned installer, which does nothing once
                // its schema is current (README, Running in production, Upgrading).
                await JobsHosting.InstallSchemaAsync(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>().Database.GetConnectionString()!, ct);
                if (demo.Value.Seed)
                {
                    await SeedDemoAsync(scope.ServiceProvider, demo.Value.Scale, ct);
                }
            }, migrate);
            await EnqueueReclassificationAsync(scope.ServiceProvider, cancellationToken);
        }
        catch (Core.Surveys.TemplateFileException e)
        {
            throw new StartupException(e.Message, e);
        }
    }

    /// <summary>
    /// Stored suggestions classified with an older lexicon (or before themes existed) are classified
    /// again in the background, once per lexicon version (SuggestionReclassification).
    /// </summary>
    private static async Task EnqueueReclassificationAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<MppSurveyDbContext>();
        var version = Core.Themes.SuggestionClassifier.LexiconVersion;
        var done = await db.JobRuns.AnyAsync(r => r.Kind == Core.Themes.SuggestionReclassification.JobKind && r.Parameters == version
            && r.Status == Core.Reporting.JobRunStatus.Succeeded, ct);
        if (!done && await db.Responses.AnyAsync(r => r.Suggestion != null, ct))
        {
            services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue<Core.Themes.SuggestionReclassification>(job => job.RunIfLexiconChangedAsync(CancellationToken.None));
        }
    }

    private static async Task SeedDemoAsync(IServiceProvider services, double scale, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<Core.Demo.DemoSeeder>().SeedAsync(scale, Console.Out, cancellationToken);
        var db = services.GetRequiredService<MppSurveyDbContext>();
        // The nightly run is hours away: compute the demo's indices (and then its workbooks) now.
        if (!await db.IndexResults.AnyAsync(cancellationToken))
        {
            services.GetRequiredService<IBackgroundJobClient>()
                .Enqueue<Core.Reporting.IndexJob>(job => job.RunAsync(null, false, CancellationToken.None));
        }
        Console.WriteLine("Demo logins (password " + Core.Demo.DemoSeeder.Password + "):");
        foreach (var user in Core.Demo.DemoSeeder.Users)
        {
            Console.WriteLine($"  {user.Email,-32} {user.Role,-14} {user.RegencyCode ?? "all regions"}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
