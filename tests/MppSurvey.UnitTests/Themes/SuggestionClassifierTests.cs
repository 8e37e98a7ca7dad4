using System.Diagnostics;
using MppSurvey.Core.Themes;
using static MppSurvey.Core.Themes.SuggestionTheme;

namespace MppSurvey.UnitTests.Themes;

public class SuggestionClassifierTests
{
    [Fact]
    public void The_development_set_meets_the_goals()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Themes", "dev-set.tsv");
        var report = ThemeEvaluation.Evaluate(File.ReadLines(path));
        Assert.True(report.Lines >= 150, $"{report.Lines} lines");
        Assert.True(report.IntegrityRecall >= 0.95, $"integrity recall {report.IntegrityRecall:0.000}");
        Assert.True(report.MacroF1 >= 0.8, $"macro F1 {report.MacroF1:0.000}");
    }

    [Theory]
    [InlineData("antri lamaa bgt", Queue | Time)]
    [InlineData("ga ramah", Conduct)]
    [InlineData("petugas tidak ramah", Conduct)]
    [InlineData("ada pungli di loket", Integrity)]
    [InlineData("tidak ada pungli", None)]
    [InlineData("gaada pungli, mantap", Praise)]
    [InlineData("bebas pungli dan calo", None)]
    [InlineData("tidak ada pungli tapi ada calo", Integrity)]
    [InlineData("jangan ada pungli lagi", None)]
    [InlineData("dimintai uang rokok", Integrity)]
    [InlineData("tidak dimintai uang sepeser pun", None)]
    [InlineData("kurang puas", None)]
    [InlineData("puas", Praise)]
    [InlineData("ruang tunggu panas", Seating | AirConditioning)]
    [InlineData("toilet kotor", Toilet)]
    [InlineData("ruangan kotor", Facilities)]
    [InlineData("PUNGLI!!!", Integrity)]
    [InlineData("p u n g l i", None)]
    [InlineData("<b>calo</b><script>alert(1)</script>", Integrity)]
    [InlineData("pu\u200bngli", Integrity)]
    [InlineData("1234567890123456", None)]
    [InlineData("😡😡😡", None)]
    [InlineData("   ", None)]
    [InlineData(null, None)]
    public void Hand_picked_cases(string? text, SuggestionTheme expected) => Assert.Equal(expected, SuggestionClassifier.Classify(text));

    [Fact]
    public void A_long_suggestion_is_classified_quickly()
    {
        var text = string.Concat(Enumerable.Repeat("antrian panjang sekali dan ada calo, ", 60))[..2000];
        var clock = Stopwatch.StartNew();
        Assert.Equal(Queue | Integrity, SuggestionClassifier.Classify(text) & (Queue | Integrity));
        Assert.Equal(None, SuggestionClassifier.Classify(new string('x', 2000)));
        Assert.Equal(AirConditioning, SuggestionClassifier.Classify("pana" + new string('s', 100)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_mpps_own_terms_are_stemmed_like_the_text()
    {
        Assert.Equal(None, SuggestionClassifier.Classify("loketnya kosong terus"));
        Assert.Equal(Conduct, SuggestionClassifier.Classify("loketnya kosong terus", [(Conduct, "loket kosong")]));
        Assert.Equal(Queue, SuggestionClassifier.Classify("pendaftarannya penuh", [(Queue, "daftar penuh")]));
        // An MPP's integrity term is negated like the built-in ones.
        Assert.Equal(Integrity, SuggestionClassifier.Classify("ada jatah preman", [(Integrity, "jatah preman")]));
        Assert.Equal(None, SuggestionClassifier.Classify("tidak ada jatah preman", [(Integrity, "jatah preman")]));
        Assert.Equal(None, SuggestionClassifier.Classify("apa saja", [(Integrity, "!!!")]));
    }

    [Fact]
    public void The_lexicon_version_is_a_stable_hash() =>
        Assert.Matches("^[0-9a-f]{16}$", SuggestionClassifier.LexiconVersion);
}
