using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Database;
using Npgsql;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Liveness (`/healthz`: the process answers, nothing else is touched) and readiness (`/ready`:
/// PostgreSQL reachable, no migration pending, Hangfire's storage installed) for a load balancer or
/// orchestrator. The body is only the status word: a probe is anonymous, so no exception text and
/// no connection details.
/// </summary>
public static class HealthHosting
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddMppSurveyHealth(this IServiceCollection services, string connectionString)
    {
        services.AddSettings<HealthOptions>(HealthOptions.Section, HealthOptions.Check);
        services.AddSingleton(sp => new ReadinessTimeout(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<HealthOptions>>().Value.TimeoutSeconds)));
        services.AddSingleton<DatabaseReadinessCheck>();
        services.AddSingleton(sp => new JobStorageReadinessCheck(connectionString, sp.GetRequiredService<ReadinessTimeout>(), sp.GetRequiredService<ILogger<JobStorageReadinessCheck>>()));
        services.AddHealthChecks();
        // Registered through the options, as AddHealthChecks().Add(...) does, so the timeout is the validated setting's.
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<HealthOptions>>((o, health) =>
        {
            var timeout = TimeSpan.FromSeconds(health.Value.TimeoutSeconds) + TimeSpan.FromSeconds(1);
            o.Registrations.Add(new HealthCheckRegistration("database", sp => sp.GetRequiredService<DatabaseReadinessCheck>(), HealthStatus.Unhealthy, [ReadyTag], timeout));
            o.Registrations.Add(new HealthCheckRegistration("jobs", sp => sp.GetRequiredService<JobStorageReadinessCheck>(), HealthStatus.Unhealthy, [ReadyTag], timeout));
        });
        // The framework logs every unhealthy probe at Error (with the exception when a check throws);
        // the checks below log one Warning when a dependency goes and one line when it is back.
        services.AddLogging(b => b.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical));
        return services;
    }

    public static void MapMppSurveyHealth(this WebApplication app)
    {
        // GET and HEAD only (anything else is 405); anonymous, no rate limit, not cached (the framework's default).
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"])).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) })
            .WithMetadata(new HttpMethodMetadata(["GET", "HEAD"])).AllowAnonymous().DisableRateLimiting();
    }
}

public sealed record ReadinessTimeout(TimeSpan Value);

/// <summary>Section `Health`: `TimeoutSeconds` (3), how long each /ready check may take; short, so a probe never hangs an orchestrator on a black-holed database.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    public double TimeoutSeconds { get; set; } = 3;

    public static void Check(HealthOptions o, SettingChecks c) => c.Between("TimeoutSeconds", o.TimeoutSeconds, 0.5, 30);
}

/// <summary>Remembers whether the dependency was failing, so a long outage logs one Warning, not one per probe.</summary>
public abstract partial class ReadinessCheck(ReadinessTimeout timeout, ILogger logger) : IHealthCheck
{
    private int _failing;

    protected abstract string Dependency { get; }

    /// <summary>Null when ready, else a short reason for the log (never sent to the client).</summary>
    protected abstract Task<string?> ProbeAsync(CancellationToken cancellationToken);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string? failure;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout.Value);
        try
        {
            // WaitAsync as well: a connect that ignores the token still cannot hold the probe.
            failure = await ProbeAsync(bounded.Token).WaitAsync(timeout.Value, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException
            && !cancellationToken.IsCancellationRequested)
        {
            failure = e is OperationCanceledException or TimeoutException ? $"no answer within {timeout.Value.TotalSeconds:0.#} s" : e.GetType().Name + ": " + e.Message;
        }
        if (failure is null)
        {
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogRecovered(logger, Dependency);
            }
            return HealthCheckResult.Healthy();
        }
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogNotReady(logger, Dependency, failure);
        }
        return HealthCheckResult.Unhealthy();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Dependency} fails ({Reason}); /ready answers 503 until it is back")]
    private static partial void LogNotReady(ILogger logger, string dependency, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready again: {Dependency} is back")]
    private static partial void LogRecovered(ILogger logger, string dependency);
}

/// <summary>PostgreSQL answers and every migration this build knows is applied (a node built before a newer migration stays ready).</summary>
public sealed class DatabaseReadinessCheck(IServiceScopeFactory scopes, ReadinessTimeout timeout, ILogger<DatabaseReadinessCheck> logger)
    : ReadinessCheck(timeout, logger)
{
    protected override string Dependency => "the database";

    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        // Reached first without EF Core, which would log each failed connect at Error with its stack
        // trace: a down database would then log once per probe.
        await using (var connection = new NpgsqlConnection(db.Database.GetConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0 ? null : $"{pending.Count} migration(s) pending, first {pending[0]}";
    }
}

/// <summary>Hangfire's storage: its schema is installed and readable with the app's connection.</summary>
public sealed class JobStorageReadinessCheck(string connectionString, ReadinessTimeout timeout, ILogger<JobStorageReadinessCheck> logger)
    : ReadinessCheck(timeout, logger)
{
    protected override string Dependency => "Hangfire's storage";

    protected override async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Hangfire.PostgreSql's version table: present once its installer has run.
        await using var command = new NpgsqlCommand($"SELECT 1 FROM {JobsHosting.SchemaName}.\"schema\" LIMIT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is null ? "its schema table is empty" : null;
    }
}
