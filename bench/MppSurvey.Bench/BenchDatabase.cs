using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Bench;

/// <summary>
/// The benchmark database: ConnectionStrings__MppSurvey when set, otherwise a private PostgreSQL in
/// bench/out/postgres that survives between runs (the 10 M data set takes minutes to build).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PrivatePostgres? _server;
    private readonly ServiceProvider _services;

    private BenchDatabase(string connectionString, PrivatePostgres? server)
    {
        ConnectionString = connectionString;
        _server = server;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddDbContext<MppSurveyDbContext>(o => o.UseNpgsql(connectionString, n => n.MigrationsAssembly(MppSurveyDbContext.MigrationsAssembly).CommandTimeout(0)));
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<MppSurveyDbContext>();
        services.AddScoped<DatabasePreparer>();
        _services = services.BuildServiceProvider();
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> OpenAsync(string root)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__MppSurvey");
        PrivatePostgres? server = null;
        var cs = configured;
        if (string.IsNullOrWhiteSpace(cs))
        {
            server = PrivatePostgres.Start(Path.Combine(root, "bench", "out", "postgres"));
            cs = server.ConnectionString("mppsurvey_bench");
        }
        // Building and aggregating 10 M rows takes minutes: no command time-out.
        cs = new Npgsql.NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ConnectionString;
        var db = new BenchDatabase(cs, server);
        await using var scope = db._services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabasePreparer>()
            .PrepareAsync(Path.Combine(root, "survey-templates"), TimeSpan.FromSeconds(30));
        return db;
    }

    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _server?.Stop();
    }
}
