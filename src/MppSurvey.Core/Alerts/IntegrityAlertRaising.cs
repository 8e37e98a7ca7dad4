using System.Globalization;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Alerts;

/// <summary>
/// Which integrity alerts a response raises (integrity alerts): its suggestion classified as
/// integrity (pungli, calo, suap...), quoted masked; and an SPAK response with any scored answer at
/// the bottom of its scale, naming the indicators ("A3: 1"). The recorder inserts them in the same
/// statement as the response.
/// </summary>
public static class IntegrityAlertRaising
{
    /// <summary>The template whose bottom answers are an alert: the anti-corruption perception survey.</summary>
    public const string SpakTemplateCode = "spak";

    /// <summary>The column's length; masking can lengthen a text a little.</summary>
    public const int MaxMaskedTextLength = 2000;

    /// <returns>Parallel arrays of reasons and masked texts, empty when nothing is raised.</returns>
    public static (int[] Reasons, string?[] Texts) Reasons(SuggestionTheme themes, string? suggestion, SurveyTemplateVersion version, short?[] scores)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(scores);
        var reasons = new List<int>(2);
        var texts = new List<string?>(2);
        if (themes.HasFlag(SuggestionTheme.Integrity) && suggestion is not null)
        {
            reasons.Add((int)IntegrityAlertReason.Suggestion);
            texts.Add(Limit(SuggestionMask.Apply(suggestion)));
        }
        if (string.Equals(version.Template?.Code, SpakTemplateCode, StringComparison.Ordinal))
        {
            var bottom = version.ElementCodes
                .Select((code, i) => (Code: code, Score: scores[i]))
                .Where(x => x.Score is short v && v == version.ScaleMin)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Code}: {x.Score}"))
                .ToList();
            if (bottom.Count > 0)
            {
                reasons.Add((int)IntegrityAlertReason.SpakAnswer);
                texts.Add(Limit(string.Join(", ", bottom)));
            }
        }
        return (reasons.ToArray(), texts.ToArray());
    }

    private static string Limit(string text) =>
        text.Length <= MaxMaskedTextLength ? text : text[..(MaxMaskedTextLength - 1)] + "…";
}
