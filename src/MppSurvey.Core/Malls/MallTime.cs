using System.Globalization;
using MppSurvey.Core.Regions;

namespace MppSurvey.Core.Malls;

/// <summary>
/// Times as an MPP's own staff read them: in the mall's zone (WIB, WITA or WIT), with the zone
/// named, so a tablet in Makassar that went quiet at 14:05 shows 14:05 WITA, not 13:05 WIB.
/// A mall stored without a zone (0) is shown in WIB, the zone of most MPPs.
/// </summary>
public static class MallTime
{
    public static IndonesianTimeZone ZoneOf(Mall mall) => ZoneOrWib(mall.TimeZone);

    public static IndonesianTimeZone ZoneOrWib(IndonesianTimeZone zone) => Enum.IsDefined(zone) ? zone : IndonesianTimeZone.Wib;

    public static string Abbreviation(IndonesianTimeZone zone) => ZoneOrWib(zone) switch
    {
        IndonesianTimeZone.Wita => "WITA",
        IndonesianTimeZone.Wit => "WIT",
        _ => "WIB",
    };

    public static DateTimeOffset Local(DateTimeOffset instant, IndonesianTimeZone zone) =>
        instant.ToOffset(TimeSpan.FromHours((int)ZoneOrWib(zone)));

    /// <summary>The MPP's calendar date at an instant: what "the period has ended" is judged by.</summary>
    public static DateOnly Today(Mall mall, DateTimeOffset now) => DateOnly.FromDateTime(Local(now, mall.TimeZone).DateTime);

    /// <summary>"2026-12-03 14:05 WITA".</summary>
    public static string Format(DateTimeOffset instant, IndonesianTimeZone zone) =>
        Local(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Abbreviation(zone);
}
