using Hangfire;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Every recurring schedule of MppSurvey, in one place. Cron times are UTC (no time-zone database
/// needed); the comment gives the time in WIB (UTC+7), when every MPP is closed.
/// </summary>
public sealed class RecurringSchedules(IRecurringJobManager jobs, IOptions<JobsOptions> settings) : IHostedService
{
    public const string NightlyIndices = "recompute-indices-nightly";

    /// <summary>01:30 WIB. Jobs:IndicesCron overrides it (the two-instance fault test runs it every few seconds).</summary>
    public const string NightlyIndicesCron = "30 18 * * *";

    public const string WeeklyDigest = "weekly-digest";

    /// <summary>Monday 07:00 WIB (08:00 WITA, 09:00 WIT): the week just ended, read at the start of the working week. Jobs:DigestCron overrides it.</summary>
    public const string WeeklyDigestCron = "0 0 * * 1";

    public const string AlertSweep = "integrity-alert-sweep";

    /// <summary>Every five minutes, day and night: an alert's mail is owed at once. Jobs:AlertSweepCron overrides it.</summary>
    public const string AlertSweepCron = "*/5 * * * *";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // 01:30 WIB: indices of every period with changes (open or closed), then (chained by the job) the workbooks.
        Add("IndicesCron", settings.Value.IndicesCron,
            cron => jobs.AddOrUpdate<IndexJob>(NightlyIndices, job => job.RunAsync(null, false, CancellationToken.None),
                cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }));
        // Monday 07:00 WIB: the weekly digest of the week just ended to regional heads and MPP admins (notices).
        Add("DigestCron", settings.Value.DigestCron,
            cron => jobs.AddOrUpdate<Email.WeeklyDigestMail>(WeeklyDigest, job => job.RunAsync(CancellationToken.None),
                cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }));
        // Every five minutes: integrity-alert mails whose job was never queued (the process stopped
        // between the response's commit and the queueing) or gave up (integrity alerts).
        Add("AlertSweepCron", settings.Value.AlertSweepCron,
            cron => jobs.AddOrUpdate<Email.IntegrityAlertMail>(AlertSweep, job => job.SweepAsync(CancellationToken.None),
                cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }));
        return Task.CompletedTask;
    }

    private static void Add(string setting, string cron, Action<string> register)
    {
        try
        {
            register(cron);
        }
        catch (ArgumentException e) when (e.ParamName == "cronExpression" || e.Message.Contains("CRON", StringComparison.OrdinalIgnoreCase))
        {
            // Hangfire parses the expression only here; its exception would end start-up with a stack trace.
            throw new Core.Database.StartupException(
                $"{Settings.Name(JobsOptions.Section + ":" + setting)} is not a cron expression Hangfire understands (it is {Settings.Quote(cron)}).", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
