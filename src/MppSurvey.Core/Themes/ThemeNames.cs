using System.Resources;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Themes;

/// <summary>
/// The themes' names as the exports print them (the citizens' voice: the workbook's Suara Warga sheet,
/// the semester report). They are the UI's own names, `Theme_*` in the web app's SharedText.resx, which
/// this assembly embeds (MppSurvey.Core.csproj): one place to rename a theme for the pages, the e-mails
/// and the exports. The exports are Indonesian, whatever the reader's UI language.
/// </summary>
public static class ThemeNames
{
    private static readonly ResourceManager Shared = new("MppSurvey.Core.Themes.SharedText", typeof(ThemeNames).Assembly);

    public static string Indonesian(SuggestionTheme theme) =>
        Shared.GetString("Theme_" + SuggestionThemes.Key(theme), ScoringText.Indonesian)
            ?? throw new InvalidOperationException($"SharedText has no Theme_{SuggestionThemes.Key(theme)}.");
}
