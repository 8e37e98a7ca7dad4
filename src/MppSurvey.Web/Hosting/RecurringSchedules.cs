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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // 01:30 WIB: indices of every period with changes (open or closed), then (chained by the job) the workbooks.
        var cron = settings.Value.IndicesCron;
        try
        {
            jobs.AddOrUpdate<IndexJob>(NightlyIndices, job => job.RunAsync(null, false, CancellationToken.None),
                cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException e) when (e.ParamName == "cronExpression" || e.Message.Contains("CRON", StringComparison.OrdinalIgnoreCase))
        {
            // Hangfire parses the expression only here; its exception would end start-up with a stack trace.
            throw new Core.Database.StartupException(
                $"{Settings.Name(JobsOptions.Section + ":IndicesCron")} is not a cron expression Hangfire understands (it is {Settings.Quote(cron)}).", e);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
