using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Database;

/// <summary>
/// The one code path that brings a database up to date, used at start-up and by the tests: wait
/// for the server, apply the EF Core migrations (never EnsureCreated), then load the reference
/// data that every installation needs (regions, roles, survey templates). Every step is
/// idempotent, so a restart or a second instance repeats it harmlessly.
/// </summary>
public sealed class DatabasePreparer(
    MppSurveyDbContext db,
    RoleManager<IdentityRole> roles,
    ILogger<DatabasePreparer> logger)
{
    /// <param name="thenUnderLock">More start-up work that must not run twice at once (Hangfire's schema, the demo data).</param>
    /// <param name="migrate">
    /// False for operators who apply the migrations themselves (the idempotent script, README, Running in
    /// production): nothing is migrated, and a database that lacks a migration stops start-up.
    /// </param>
    public async Task PrepareAsync(string templatesDirectory, TimeSpan connectTimeout, CancellationToken ct = default,
        Func<CancellationToken, Task>? thenUnderLock = null, bool migrate = true)
    {
        // Templates first: a bad template file should stop start-up before anything is written.
        var templates = TemplateCatalog.ReadDirectory(templatesDirectory);
        await WaitForServerAsync(connectTimeout, ct);
        // Several web nodes starting together on one database (README, Scaling out) take turns: the
        // first migrates and seeds, the others then find everything in place.
        await using var startupLock = await AcquireStartupLockAsync(ct);
        if (migrate)
        {
            await db.Database.MigrateAsync(ct);
        }
        else
        {
            await RefusePendingMigrationsAsync(ct);
        }
        await RegionSeeder.SeedAsync(db, ct);
        await RoleSeeder.SeedAsync(roles);
        await TemplateCatalog.SyncAsync(db, templates, ct);
        if (thenUnderLock is not null)
        {
            await thenUnderLock(ct);
        }
    }

    /// <summary>
    /// Seeding a schema that lacks a migration would fail half-way with an SQL error, and a node built
    /// for a newer schema must not serve an older one: one sentence naming the command instead.
    /// </summary>
    private async Task RefusePendingMigrationsAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new StartupException(
                $"The database lacks {pending.Count} migration(s) (first {pending[0]}) and Database__MigrateOnStartup is false: apply the script from `./run migrations-script` with psql, or set Database__MigrateOnStartup=true.");
        }
    }

    /// <summary>
    /// A session-level advisory lock in the maintenance database, keyed by the application database's
    /// name, held until the returned connection is disposed and so closed (or the process dies, which frees it).
    /// </summary>
    private async Task<NpgsqlConnection> AcquireStartupLockAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var key = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("mppsurvey-startup:" + builder.Database)));
        builder.Database = "postgres";
        // Not pooled: a pooled connection would go back to the pool still holding the lock.
        builder.Pooling = false;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private async Task WaitForServerAsync(TimeSpan timeout, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var target = builder.Database;
        // Connect to the maintenance database: the application database may not exist yet.
        builder.Database = "postgres";
        builder.Timeout = 5;
        var deadline = DateTime.UtcNow + timeout;
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
                exists.Parameters.Add(new NpgsqlParameter { Value = target });
                if (await exists.ExecuteScalarAsync(ct) is null)
                {
                    // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                    await create.ExecuteNonQueryAsync(ct);
                }
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                if (e is PostgresException { SqlState: "28P01" or "28000" or "3D000" or "42501" })
                {
                    throw new StartupException($"PostgreSQL at {builder.Host}:{builder.Port} refused us: {e.Message}. Check ConnectionStrings__MppSurvey.", e);
                }
                if (DateTime.UtcNow >= deadline)
                {
                    throw new StartupException(
                        $"Cannot reach PostgreSQL at {builder.Host}:{builder.Port} after {attempt} attempts in {timeout.TotalSeconds:0} s: {e.Message}. Check ConnectionStrings__MppSurvey, or unset it to use a private server.", e);
                }
                logger.LogWarning("PostgreSQL at {Host}:{Port} not reachable yet ({Message}); retrying", builder.Host, builder.Port, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 3)), ct);
            }
        }
    }
}
