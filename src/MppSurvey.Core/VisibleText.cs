using System.Globalization;

namespace MppSurvey.Core;

/// <summary>
/// Whether typed text shows anything. `string.Trim` and white-space splitting leave format characters
/// (zero-width space U+200B, joiners U+200C/D, word joiner U+2060, BOM U+FEFF): a name or a reason made
/// only of them looks blank on every page and in the audit log, so it counts as blank.
/// </summary>
public static class VisibleText
{
    public static bool IsBlank(string? text) =>
        text is null || text.All(c => char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
}
