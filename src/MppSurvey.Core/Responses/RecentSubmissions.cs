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
            // Times are kept in order, so the expired ones are a prefix and the window a suffix: binary
            // searches instead of passes over every entry, which matter for a busy source (many
            // phones behind one NAT address) under this one lock.
            times.RemoveRange(0, FirstAfter(times, now - _keep));
            if (cooldown > TimeSpan.Zero && times.Count > 0)
            {
                var last = times[^1];
                if (now - last < cooldown)
                {
                    return new Admission(false, last + cooldown - now, 0);
                }
            }
            var at = FirstAfter(times, now);
            times.Insert(at, now);
            return new Admission(true, TimeSpan.Zero, times.Count - FirstAfter(times, now - window));
        }
    }

    /// <summary>The index of the first time later than <paramref name="instant"/> in a sorted list.</summary>
    private static int FirstAfter(List<DateTimeOffset> times, DateTimeOffset instant)
    {
        int low = 0, high = times.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (times[mid] <= instant)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

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
            times.RemoveRange(0, FirstAfter(times, now - _keep));
            if (times.Count == 0)
            {
                _bySource.Remove(source);
            }
        }
    }
}
