namespace MppSurvey.Core.Responses;

/// <summary>
/// Thresholds of the abuse flags (configuration section `Survey`, see ApiHosting). Flagged
/// responses are stored like any other; the index job leaves them out unless asked.
/// </summary>
public sealed class FlaggingRules
{
    /// <summary>More stored responses than this from one kiosk within <see cref="BurstWindowSeconds"/> is a burst.</summary>
    public int BurstMaxResponses { get; set; } = 5;

    /// <summary>
    /// The same for one QR/officer client (one rate-limit partition, usually an IP address). Higher
    /// than a kiosk's because every phone on an MPP's guest Wi-Fi shares one address; 0 turns it off.
    /// </summary>
    public int ClientBurstMaxResponses { get; set; } = 10;

    /// <summary>
    /// One minute: at the default 20-second kiosk cooldown a kiosk draining an offline backlog
    /// delivers at most 3 a minute, so only a lowered cooldown lets a kiosk burst at all, and a
    /// genuine backlog is never flagged. The demo's busiest MPP gets about 120 responses a day.
    /// </summary>
    public double BurstWindowSeconds { get; set; } = 60;

    /// <summary>Identical answers are only suspicious when there are enough of them to be a pattern.</summary>
    public int StraightLiningMinAnswers { get; set; } = 5;

    /// <summary>Reading nine questions takes longer than this; answering them all alike this fast is not an opinion.</summary>
    public double StraightLiningMaxSeconds { get; set; } = 10;

    public TimeSpan BurstWindow => TimeSpan.FromSeconds(BurstWindowSeconds);

    public TimeSpan StraightLiningMaxDuration => TimeSpan.FromSeconds(StraightLiningMaxSeconds);
}

/// <summary>The pure rules behind <see cref="ResponseFlags.Burst"/> and <see cref="ResponseFlags.StraightLining"/>.</summary>
public static class ResponseFlagging
{
    /// <summary>
    /// A response is part of a burst when, counting itself, more than <paramref name="maxResponses"/>
    /// arrived from its source within the window. Only the responses beyond the limit are flagged:
    /// the first ones of a busy minute may well be genuine, and flagging them later would change
    /// stored rows behind the index job's back.
    /// </summary>
    public static bool IsBurst(int storedInWindowIncludingThis, int maxResponses) =>
        maxResponses > 0 && storedInWindowIncludingThis > maxResponses;

    /// <summary>
    /// Every answered scored element has the same value, at least <see cref="FlaggingRules.StraightLiningMinAnswers"/>
    /// of them, and the visitor took less than <see cref="FlaggingRules.StraightLiningMaxDuration"/>.
    /// All answers alike on their own is a legitimate opinion (a very satisfied visitor), and without
    /// a start time the speed cannot be judged, so neither alone flags a response.
    /// </summary>
    public static bool IsStraightLining(IReadOnlyCollection<short?> scores, DateTimeOffset? startedAt, DateTimeOffset submittedAt, FlaggingRules rules)
    {
        if (startedAt is not DateTimeOffset started || submittedAt - started >= rules.StraightLiningMaxDuration)
        {
            return false;
        }
        var answered = scores.Where(s => s.HasValue).Select(s => s!.Value).ToList();
        return answered.Count >= rules.StraightLiningMinAnswers && answered.All(a => a == answered[0]);
    }
}
