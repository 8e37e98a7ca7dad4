using MppSurvey.Core.Themes;

namespace MppSurvey.Bench;

/// <summary>
/// `bench/run themes-terms --set FILE [--set FILE...]`: for whoever edits the lexicon, each term
/// that matched a line, with how often the line carries the term's theme (right) or not (wrong), and
/// the words WordRepair changed with what they became. A term right less often than wrong is a
/// candidate for an exception or a narrower phrase; judge it by the labelling rules, not the lines.
/// </summary>
internal static class ThemesTerms
{
    public static int Run(string[] args)
    {
        var files = args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
        var lexicon = ThemeLexicon.Default;
        var tally = new Dictionary<(SuggestionTheme, string), (int Right, int Wrong)>();
        var repairs = new Dictionary<string, int>();
        foreach (var (expected, text) in files.SelectMany(f => ThemeEvaluation.Parse(File.ReadLines(f))))
        {
            var stems = lexicon.Normaliser.Stems(text);
            foreach (var raw in text.ToLowerInvariant().Split([' ', ',', '.', '!', '?', '"', '(', ')', ':', ';', '/'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (lexicon.Normaliser.Repaired(raw) is { } parts)
                {
                    var key = $"{raw} -> {string.Join(' ', parts)}";
                    repairs[key] = repairs.GetValueOrDefault(key) + 1;
                }
            }
            foreach (var (key, entries) in lexicon.ByFirstStem)
            {
                for (var i = 0; i < stems.Length; i++)
                {
                    if (stems[i] != key)
                    {
                        continue;
                    }
                    foreach (var e in entries.Where(e => i + e.Stems.Length <= stems.Length && e.Stems.SequenceEqual(stems.Skip(i).Take(e.Stems.Length))))
                    {
                        var k = (e.Theme, string.Join(' ', e.Stems));
                        var (r, w) = tally.GetValueOrDefault(k);
                        tally[k] = (expected & e.Theme) != 0 ? (r + 1, w) : (r, w + 1);
                    }
                }
            }
        }
        foreach (var ((theme, term), (r, w)) in tally.OrderBy(p => SuggestionThemes.Key(p.Key.Item1)).ThenByDescending(p => p.Value.Wrong))
        {
            Console.WriteLine($"{SuggestionThemes.Key(theme),-18}{term,-30}{r,5}{w,5}");
        }
        Console.WriteLine("repairs:");
        foreach (var (repair, n) in repairs.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  {n,4} {repair}");
        }
        return 0;
    }
}
