using Microsoft.Extensions.Localization;
using MppSurvey.Core.Themes;

namespace MppSurvey.Web.Pages.Dasbor;

/// <summary>
/// The words of the citizens' voice on the dashboard, shared by its section and the elements table: a
/// theme's name, and its change since the previous period in words with an arrow beside it (never colour
/// alone), so both places say the same thing the same way.
/// </summary>
public static class ThemeLabels
{
    public static string Name(IStringLocalizer text, SuggestionTheme theme) => text["Theme_" + SuggestionThemes.Key(theme)];

    /// <summary>The anchor of a theme's quotes in the dashboard's "Suara warga" section.</summary>
    public static string Anchor(SuggestionTheme theme) => "tema-" + SuggestionThemes.Key(theme);

    /// <summary>"▲ naik 2", "▼ turun 1", "tetap", or "tidak ada pembanding" when the previous period had no suggestion.</summary>
    public static (string Arrow, string Words) Change(IStringLocalizer text, int? change) => change switch
    {
        null => ("", text["Voice_NoComparison"]),
        > 0 => ("▲", text["Voice_Up", change.Value]),
        < 0 => ("▼", text["Voice_Down", -change.Value]),
        _ => ("", text["Voice_Same"]),
    };
}
