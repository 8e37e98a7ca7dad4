using MppSurvey.Core.Themes;
using static MppSurvey.Core.Themes.SuggestionTheme;

namespace MppSurvey.UnitTests.Themes;

/// <summary>
/// The repairs that let the classifier read writers the lexicon never saw (WordRepair, the English
/// contractions of TextNormaliser, the lexicon's near families), with hand-worked examples: each
/// expected value follows from the rule, not from a run.
/// </summary>
public class WordRepairTests
{
    private static string Words(string text) => string.Join(' ', ThemeLexicon.Default.Normaliser.Words(text));

    [Theory]
    // Regional suffixes: Javanese -e/-ne/-ipun, Sundanese -na, Minangkabau -nyo, cut only down to a known word.
    [InlineData("petugase", "petugas")]
    [InlineData("antrenipun", "antre")]
    [InlineData("antrinyo", "antre")]
    [InlineData("gedungna", "gedung")]
    // Two words typed as one: both halves known, the first of four letters or an informal spelling.
    [InlineData("tidakramah", "tidak ramah")]
    [InlineData("gakramah", "tidak ramah")]
    // "hal" + "aman" would be two known words, but a three-letter first half must be an informal spelling.
    [InlineData("halaman", "halaman")]
    // One slip: a missing letter, a vowel shifted, two neighbours swapped in a long word.
    [InlineData("kasian", "kasihan")]
    [InlineData("persyaratn", "persyaratan")]
    [InlineData("survey", "survei")]
    [InlineData("prosedru", "prosedur")]
    // Never a consonant for a consonant, nor a vowel for an unrelated one ("pintas" is a term word).
    [InlineData("pokoknya", "pokoknya")]
    [InlineData("pantas", "pantas")]
    [InlineData("pantes", "pantes")]
    // English contractions open so that "not" can negate; auxiliaries carry nothing and drop out.
    [InlineData("staff didn't know", "petugas tidak tahu")]
    [InlineData("I can’t wait", "i can tidak tunggu")]
    public void Unknown_words_are_repaired_only_into_known_words(string text, string expected) => Assert.Equal(expected, Words(text));

    [Theory]
    [InlineData("dateng", "datang", true)]
    [InlineData("toilets", "toilet", true)]
    [InlineData("prosedru", "prosedur", true)]
    [InlineData("pantas", "pintas", false)]
    [InlineData("pokok", "rokok", false)]
    [InlineData("broken", "broker", false)]
    [InlineData("sistme", "sistem", false)]
    [InlineData("lama", "lama", false)]
    [InlineData("lam", "lamaaa", false)]
    public void One_edit_apart(string a, string b, bool expected)
    {
        Assert.Equal(expected, WordRepair.OneEditApart(a, b));
        Assert.Equal(expected, WordRepair.OneEditApart(b, a));
    }

    [Theory]
    // Near families: "salah" a few words from a field of the document is a wrong result (rule 14).
    [InlineData("alamat di KTP salah", Product)]
    [InlineData("KTP nya sobek pas diambil", Product)]
    [InlineData("cap nya gak ada", Product)]
    // Papers missing are requirements; being sent home again is the procedure (rules 12, 13).
    [InlineData("berkas kurang, disuruh pulang", Requirements | Procedure)]
    // English is read through the same words.
    [InlineData("The staff was rude", Conduct)]
    [InlineData("waited 3 hours in the queue", Time | Queue)]
    [InlineData("quick service, thank you", Time | Praise)]
    // Regional words: Javanese "suwi" is long, Sundanese "someah" friendly.
    [InlineData("antrine suwi", Queue | Time)]
    [InlineData("petugasna someah pisan", Conduct | Praise)]
    // Negation reads a reduplicated word once and covers an overlapping term.
    [InlineData("tidak ada yang minta2 uang", None)]
    [InlineData("gk ada yg minta uang rokok, salut", Praise)]
    // A gesture for money, with no money word (rule 7).
    [InlineData("dia kode jari", Integrity)]
    public void New_mechanisms_classify_as_the_rules_say(string text, SuggestionTheme expected) =>
        Assert.Equal(expected, SuggestionClassifier.Classify(text));

    [Fact]
    public void A_gift_the_officer_refused_or_a_supposition_is_no_integrity_report()
    {
        Assert.False(SuggestionClassifier.Classify("sy kasih uang rokok ditolak mentah2 sm petugasnya").HasFlag(Integrity));
        Assert.False(SuggestionClassifier.Classify("saya kira bakal ada biaya tambahan").HasFlag(Integrity));
        Assert.True(SuggestionClassifier.Classify("ada biaya tambahan 50rb").HasFlag(Integrity));
    }

    [Fact]
    public void An_administrators_term_is_stored_as_typed_and_still_matches_repaired_text()
    {
        Assert.Equal("kasihan", Words("kasian"));
        Assert.Equal(("kasian", ThemeTerm.Problem.None), ThemeTerm.Normalise("Kasian"));
        Assert.Equal(None, SuggestionClassifier.Classify("kasian"));
        Assert.Equal(Parking, SuggestionClassifier.Classify("kasian", [(Parking, "kasian")]));
    }
}
