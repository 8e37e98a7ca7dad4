using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// Routes that exist in test hosts only (added as an IStartupFilter in the test's host configuration,
/// never in the app): a page path and an API path that throw, and an API path that refuses a
/// signed-in caller, as an endpoint with a role requirement would. They sit after the app's own
/// pipeline, so the app's exception handler and status-code handling see them like any endpoint.
/// </summary>
public sealed class FailingTestRoutes : IStartupFilter
{
    public const string PagePath = "/uji-galat";
    public const string ApiPath = "/api/uji-galat";
    public const string ForbiddenApiPath = "/api/uji-terlarang";

    /// <summary>In the exception's message: a page or problem showing it leaks the exception.</summary>
    public const string Secret = "rahasia-dalam-pengecualian Host=10.9.8.7 Password=sangat-rahasia";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path;
            if (path.Equals(PagePath, StringComparison.OrdinalIgnoreCase) || path.Equals(ApiPath, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(Secret);
            }
            if (path.Equals(ForbiddenApiPath, StringComparison.OrdinalIgnoreCase))
            {
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    await context.ForbidAsync();
                }
                else
                {
                    await context.ChallengeAsync();
                }
                return;
            }
            await nextMiddleware(context);
        });
    };
}

/// <summary>Every log entry of a test host, with its structured values, for comparing what was logged with what was shown.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Values);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)
                : new Dictionary<string, object?>();
            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception, values));
        }
    }
}
