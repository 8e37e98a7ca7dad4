using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Telemetry;

/// <summary>
/// The late-response queue as two gauges (capability: operations): how many (period, MPP) units have
/// responses the stored indices do not count yet (the index job's change marks, index_dirty), and how
/// long the oldest has waited. A scrape never waits for PostgreSQL: it reports the last reading, and a
/// reading older than <see cref="MaxAge"/> starts one query in the background (one at a time), so however
/// often a collector asks, the database sees at most one small count every few seconds.
/// </summary>
public sealed class IndexQueueGauge
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private Reading? _last;
    /// <summary>Stopwatch timestamp of the last reading's end; 0 before the first.</summary>
    private long _readAt;
    private int _reading;

    private sealed record Reading(long Units, double OldestSeconds);

    public IndexQueueGauge(SurveyMetrics metrics, IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        metrics.Meter.CreateObservableGauge("mppsurvey.index.pending", () => Observe(r => r.Units), "{unit}",
            "(Period, MPP) units with responses not yet counted by the stored indices: they wait for the next index run");
        metrics.Meter.CreateObservableGauge("mppsurvey.index.pending.oldest_age", () => Observe(r => r.OldestSeconds), "s",
            "How long the oldest waiting (period, MPP) unit has waited for the index run");
    }

    /// <summary>Makes the next scrape read again (tests: another listener in the process may have read an older state).</summary>
    internal void Expire() => Interlocked.Exchange(ref _readAt, 0);

    private IEnumerable<Measurement<T>> Observe<T>(Func<Reading, T> value) where T : struct
    {
        RefreshIfStale();
        return _last is { } last ? [new Measurement<T>(value(last))] : [];
    }

    private void RefreshIfStale()
    {
        var readAt = Interlocked.Read(ref _readAt);
        if ((readAt != 0 && Stopwatch.GetElapsedTime(readAt) < MaxAge) || Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
                _last = await db.Database.SqlQueryRaw<Reading>("""
                    SELECT count(*) AS "Units", coalesce(extract(epoch FROM now() - min(changed_at)), 0)::float8 AS "OldestSeconds" FROM index_dirty
                    """).SingleAsync();
            }
            catch (Exception)
            {
                // PostgreSQL out of reach or the host stopping: the gauge keeps its last reading (/ready reports the outage).
            }
            finally
            {
                Interlocked.Exchange(ref _readAt, Stopwatch.GetTimestamp());
                Interlocked.Exchange(ref _reading, 0);
            }
        });
    }
}
