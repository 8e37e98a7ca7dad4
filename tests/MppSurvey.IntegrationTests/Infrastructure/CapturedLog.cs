using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace MppSurvey.IntegrationTests.Infrastructure;

/// <summary>
/// Every log line of a test host, written by the host's own JSON console formatter with the host's own
/// settings (appsettings.json: scopes, UTC timestamps), so a test reads exactly what the IT office's
/// log shipper would read, one JSON object per line.
/// </summary>
public sealed class CapturedLog(ConsoleFormatter formatter) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter = formatter;
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Adds the capture to a host; read it back with <see cref="Of"/>.</summary>
    public static void AddTo(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(sp =>
            new CapturedLog(sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json))));

    public static CapturedLog Of(IServiceProvider services) => services.GetServices<ILoggerProvider>().OfType<CapturedLog>().Single();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The lines of one event id, parsed.</summary>
    public IReadOnlyList<(string Line, JsonElement Json)> Events(int eventId) =>
        Lines.Select(l => (l, JsonDocument.Parse(l).RootElement.Clone()))
            .Where(e => e.Item2.GetProperty("EventId").GetInt32() == eventId)
            .ToList();

    /// <summary>Waits (briefly) for a line of the event that satisfies the condition: some are written after the response is sent.</summary>
    public async Task<(string Line, JsonElement Json)> WaitForAsync(int eventId, Func<JsonElement, bool> match, int timeoutMs = 10_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var found = Events(eventId).Where(e => match(e.Json)).ToList();
            if (found.Count > 0)
            {
                return found[^1];
            }
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"No log line with event id {eventId} matched; the log:\n" + string.Join("\n", Lines.TakeLast(30)));
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The correlation id a line carries in its scopes (the request's or the job run's), or null.</summary>
    public static string? CorrelationIdOf(JsonElement line) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray()
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("CorrelationId", out _))
                .Select(s => s.GetProperty("CorrelationId").GetString())
                .FirstOrDefault()
            : null;

    public static string State(JsonElement line, string name) => line.GetProperty("State").GetProperty(name).ToString();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            owner._lines.Enqueue(writer.ToString().TrimEnd());
        }
    }
}
