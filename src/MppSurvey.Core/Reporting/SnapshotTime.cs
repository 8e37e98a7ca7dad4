using System.Globalization;
using MppSurvey.Core.Regions;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// "2 Des 2026 01.30 WIB": when the figures of a period were computed, in the MPP's own zone, shown
/// beside every figure so a reader knows which snapshot they see (an open period's figures are
/// provisional until it is closed).
/// </summary>
public static class SnapshotTime
{
    public static string Format(DateTimeOffset computedAt, IndonesianTimeZone zone, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        // A zone that was never set (0) is shown as WIB, the zone of most MPPs, rather than as "0".
        zone = Enum.IsDefined(zone) ? zone : IndonesianTimeZone.Wib;
        var local = computedAt.ToOffset(TimeSpan.FromHours((int)zone));
        // Indonesian writes the time with a dot (01.30), English with a colon.
        var time = culture.TwoLetterISOLanguageName == "id" ? "HH'.'mm" : "HH':'mm";
        return local.ToString("d MMM yyyy " + time, culture) + " " + zone.ToString().ToUpperInvariant();
    }
}
