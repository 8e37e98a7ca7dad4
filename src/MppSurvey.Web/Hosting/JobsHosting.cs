using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Hangfire with its jobs stored in PostgreSQL (schema `hangfire`, created by Hangfire.PostgreSql
/// itself). Storage and activator are registered per host, never through Hangfire's static
/// globals, so several hosts in one process (the tests) do not cross-wire (stack-notes.md).
/// </summary>
public static class JobsHosting
{
    public const string SchemaName = "hangfire";

    /// <summary>Creates or upgrades Hangfire's own tables (versioned by Hangfire.PostgreSql itself); idempotent.</summary>
    public static async Task InstallSchemaAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        PostgreSqlObjectsInstaller.Install(connection, SchemaName);
    }

    public static IServiceCollection AddMppSurveyJobs(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()),
            // The schema is installed by DatabaseStartup, after the database exists: hosted services are
            // constructed (and with them this storage) before any of them starts.
            new PostgreSqlStorageOptions { SchemaName = SchemaName, PrepareSchemaIfNecessary = false, QueuePollInterval = TimeSpan.FromSeconds(1) }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogBridge(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (configuration.GetValue("Jobs:RunServer", true))
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }
        services.AddTransient<IndexJob>();
        services.AddScoped<WorkbookJob>();
        services.AddHostedService<RecurringSchedules>();
        return services;
    }

    public static void MapMppSurveyJobs(this WebApplication app) =>
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            DashboardTitle = "MppSurvey jobs",
            AppPath = "/",
        }, app.Services.GetRequiredService<JobStorage>());

    /// <summary>The dashboard can start and delete jobs: Administrators only.</summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.IsInRole(Roles.Administrator);
    }
}
