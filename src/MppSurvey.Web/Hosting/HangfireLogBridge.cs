using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// Hangfire keeps its log provider in a static. With several hosts in one process (the test suite)
/// the last host's provider wins, and once that host is disposed Hangfire's own AspNetCoreLogProvider
/// throws ObjectDisposedException from places as innocent as enqueuing a job. This bridge logs through
/// the host's ILoggerFactory and goes quiet instead when that factory is gone.
/// </summary>
internal sealed class HangfireLogBridge(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return new ForwardingLog(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new ForwardingLog(null);
        }
    }

    private sealed class ForwardingLog(ILogger? logger) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logger is null)
            {
                return false;
            }
            var mapped = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                if (messageFunc is null || !logger.IsEnabled(mapped))
                {
                    return logger.IsEnabled(mapped);
                }
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates
                logger.Log(mapped, exception, messageFunc());
#pragma warning restore CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
