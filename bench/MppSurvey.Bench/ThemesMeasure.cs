using System.Globalization;
using MppSurvey.Core.Themes;

namespace MppSurvey.Bench;

/// <summary>
/// `bench/run themes [--set FILE] [--misses] [--explain TEXT]`: the suggestion-theme classifier measured on a labelled
/// set (default bench/themes/labelled.tsv, written by someone other than the lexicon's author):
/// per theme support, precision, recall and F1, then macro F1 and integrity recall against the
/// goals (integrity recall >= 0.95, macro F1 >= 0.8). No database is needed.
/// </summary>
internal static class ThemesMeasure
{
    public static int Run(string root, string[] args)
    {
        if (args.SkipWhile(a => a != "--explain").Skip(1).FirstOrDefault() is { } sample)
        {
            // For whoever edits the lexicon: the stems the classifier sees and the themes it finds.
            Console.WriteLine(string.Join(' ', ThemeLexicon.Default.Normaliser.Stems(sample)));
            Console.WriteLine(ThemeEvaluation.Format(SuggestionClassifier.Classify(sample)));
            var lexicon = ThemeLexicon.Default;
            var model = lexicon.IntegrityModel;
            var p = model.Probability(IntegrityModel.Features(lexicon.Normaliser.Stems(sample), lexicon));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"integrity model: p {p:0.000}, threshold {model.Threshold:0.000}; lexicon alone: {ThemeEvaluation.Format(SuggestionClassifier.Classify(sample, null, IntegrityModel.Silent))}"));
            return 0;
        }
        var set = args.SkipWhile(a => a != "--set").Skip(1).FirstOrDefault() ?? Path.Combine(root, "bench", "themes", "labelled.tsv");
        if (!File.Exists(set))
        {
            Console.Error.WriteLine($"no labelled set at {set}");
            return 2;
        }
        var report = ThemeEvaluation.Evaluate(File.ReadLines(set));
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{Path.GetFileName(set)}: {report.Lines} suggestions, lexicon {SuggestionClassifier.LexiconVersion}");
        Console.WriteLine($"{"theme",-18}{"support",8}{"precision",11}{"recall",8}{"F1",8}");
        foreach (var s in report.Scores)
        {
            Console.WriteLine(string.Create(c, $"{SuggestionThemes.Key(s.Theme),-18}{s.Support,8}{s.Precision,11:0.000}{s.Recall,8:0.000}{s.F1,8:0.000}"));
        }
        var goals = report.IntegrityRecall >= 0.95 && report.MacroF1 >= 0.8;
        Console.WriteLine(string.Create(c, $"macro F1 {report.MacroF1:0.000} (goal >= 0.8), integrity recall {report.IntegrityRecall:0.000} (goal >= 0.95): {(goals ? "goals met" : "goals NOT met")}"));
        if (args.Contains("--misses"))
        {
            foreach (var (text, expected, got) in report.Misses)
            {
                Console.WriteLine($"  expected {ThemeEvaluation.Format(expected),-30} got {ThemeEvaluation.Format(got),-30} {text}");
            }
        }
        return goals ? 0 : 1;
    }
}
