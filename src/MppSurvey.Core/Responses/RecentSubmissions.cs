namespace MppSurvey.Core.Responses;

/// <summary>
/// When each source (a kiosk, or a QR client's rate-limit partition) last had responses accepted,
/// kept in memory only: it drives the kiosk cooldown and the burst flag, and nothing of it (least
/// of all an IP address) is ever written to the database. Entries older than the longest window
/// are dropped, so the memory held is bounded by the sources active in the last few minutes.
/// Per process: a restart forgets, and several instances would each count their own share; both
/// only make the heuristics more lenient, never reject a genuine response.
/// </summary>
public sealed class RecentSubmissions
{
    private readonly Dictionary<string, List<DateTimeOffset>> _bySource = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly TimeSpan _keep;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public RecentSubmissions(TimeSpan keep) => _keep = keep > TimeSpan.Zero ? keep : TimeSpan.FromMinutes(1);

    /// <summary>Either the source must wait (<see cref="RetryAfter"/> > 0), or the arrival was counted and <see cref="InWindow"/> includes it.</summary>
    public readonly record struct Admission(bool Admitted, TimeSpan RetryAfter, int InWindow);

    /// <summary>
    /// Counts an arrival unless the source's previous accepted one is less than <paramref name="cooldown"/>
    /// ago. Check and count happen under one lock, so two racing submissions of one kiosk cannot both
    /// slip through the cooldown. Call <see cref="Withdraw"/> when the response is then not stored.
    /// </summary>
    public Admission Admit(string source, DateTimeOffset now, TimeSpan cooldown, TimeSpan window)
    {
        lock (_gate)
        {
            SweepIfDue(now);
            if (!_bySource.TryGetValue(source, out var times))
            {
                times = [];
                _bySource[source] = times;
            }
            times.RemoveAll(t => t <= now - _keep);
            if (cooldown > TimeSpan.Zero && times.Count > 0)
            {
                var last = times.Max();
                if (now - last < cooldown)
                {
                    return new Admission(false, last + cooldown - now, 0);
                }
            }
            times.Add(now);
            return new Admission(true, TimeSpan.Zero, times.Count(t => t > now - window));
        }
    }

    /// <summary>Forgets an admitted arrival that was not stored (refused or a repeat), so it neither starts a cooldown nor counts toward a burst.</summary>
    public void Withdraw(string source, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_bySource.TryGetValue(source, out var times))
            {
                times.Remove(at);
                if (times.Count == 0)
                {
                    _bySource.Remove(source);
                }
            }
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now - _lastSweep < _keep)
        {
            return;
        }
        _lastSweep = now;
        foreach (var (source, times) in _bySource.ToList())
        {
            times.RemoveAll(t => t <= now - _keep);
            if (times.Count == 0)
            {
                _bySource.Remove(source);
            }
        }
    }
}
