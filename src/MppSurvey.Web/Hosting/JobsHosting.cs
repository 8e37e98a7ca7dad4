using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Section `Jobs` (README, Configuration): `RunServer` (true): this instance runs Hangfire workers;
/// `IndicesCron`: when the nightly index job recurs, `DigestCron`: when the weekly digest is mailed,
/// `AlertSweepCron`: how often integrity-alert mails left unsent are looked for (<see cref="RecurringSchedules"/>);
/// `InvisibilityTimeoutSeconds` (300), `LockTimeoutSeconds` (600), `SchedulePollingSeconds` (15): see <see cref="JobsHosting"/>.
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public bool RunServer { get; set; } = true;
    public string IndicesCron { get; set; } = RecurringSchedules.NightlyIndicesCron;
    public string DigestCron { get; set; } = RecurringSchedules.WeeklyDigestCron;
    public string AlertSweepCron { get; set; } = RecurringSchedules.AlertSweepCron;
    public int InvisibilityTimeoutSeconds { get; set; } = 300;
    public int LockTimeoutSeconds { get; set; } = 600;
    public double SchedulePollingSeconds { get; set; } = 15;

    public static void Check(JobsOptions o, SettingChecks c)
    {
        c.AtLeast("InvisibilityTimeoutSeconds", o.InvisibilityTimeoutSeconds, 1);
        c.AtLeast("LockTimeoutSeconds", o.LockTimeoutSeconds, 1);
        c.AtLeast("SchedulePollingSeconds", o.SchedulePollingSeconds, 0.1);
        // The full syntax is Hangfire's to check (RecurringSchedules); the field count is the usual slip.
        if (o.IndicesCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
        {
            c.Fail("IndicesCron", $"must be a cron expression of 5 fields, or 6 with seconds, in UTC, such as \"{RecurringSchedules.NightlyIndicesCron}\" (it is {Settings.Quote(o.IndicesCron)})");
        }
        if (o.DigestCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
        {
            c.Fail("DigestCron", $"must be a cron expression of 5 fields, or 6 with seconds, in UTC, such as \"{RecurringSchedules.WeeklyDigestCron}\" (it is {Settings.Quote(o.DigestCron)})");
        }
        if (o.AlertSweepCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
        {
            c.Fail("AlertSweepCron", $"must be a cron expression of 5 fields, or 6 with seconds, in UTC, such as \"{RecurringSchedules.AlertSweepCron}\" (it is {Settings.Quote(o.AlertSweepCron)})");
        }
    }
}

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
        // Read now, not at start-up: whether this instance runs workers decides what is registered.
        var jobs = Settings.ReadNow<JobsOptions>(configuration, JobsOptions.Section, JobsOptions.Check);
        services.AddSettings<JobsOptions>(JobsOptions.Section, JobsOptions.Check);
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()),
            // The schema is installed by DatabaseStartup, after the database exists: hosted services are
            // constructed (and with them this storage) before any of them starts.
            new PostgreSqlStorageOptions
            {
                SchemaName = SchemaName,
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // A job whose worker died (process killed, node lost) is handed to another worker once
                // its fetch is this old; a live worker keeps sliding it forward, so long jobs are safe.
                InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
                UseSlidingInvisibilityTimeout = true,
                // A lock left by a killed process (the index job runs one at a time) is taken over after
                // this long. Hangfire.PostgreSql locks are not renewed, so it must exceed the longest
                // run: the index job over 10 M responses takes under a minute (bench/RESULTS.md).
                DistributedLockTimeout = TimeSpan.FromSeconds(jobs.LockTimeoutSeconds),
            }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogBridge(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (jobs.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                // How often delayed and recurring jobs are checked (Hangfire's default is 15 s).
                o.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.SchedulePollingSeconds);
            });
        }
        services.AddTransient<IndexJob>();
        services.AddScoped<WorkbookJob>();
        services.AddScoped<Core.Themes.SuggestionReclassification>();
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
