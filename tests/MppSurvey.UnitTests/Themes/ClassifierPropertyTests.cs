using CsCheck;
using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Themes;

/// <summary>
/// The classifier runs on every anonymous suggestion as it is stored, so it must return for any
/// text: cue words at the very start or end (the negation, presence, condition and question
/// look-arounds index backwards and forwards), receipts and pairs cut off by the end of the text,
/// digits, emoji, lone surrogates, control and invisible characters. Generated texts mix those
/// pieces; the classifier must return (an exception here is a 5xx at ingest) a combination of known
/// themes, the same on a second call (it reads shared lazily built tables), and a text with no
/// letters at all has no theme.
/// </summary>
public class ClassifierPropertyTests
{
    private static readonly string[] Pieces =
    [
        "tidak", "ga", "yg", "kalau", "kapan", "jangan", "bebas", "masih ada", "masih", "calo", "pungli",
        "minta", "uang", "amplop", "bayar", "dipersulit", "lolos", "diloloskan", "nomor", "dijual", "jualan",
        "kwitansi", "struk", "tanda", "terima", "kasih", "tapi", "mana", "selisih", "kemana", "resmi",
        "sesuai tarif", "biar", "cepat", "parkir", "motor", "kebersihan", "antri", "lama", "ramah", "mantap",
        "50rb", "2x", "0812-3456-7890", "a@b.id", "?", "!", ",", ".", "\"", "😡", "👍", "\u200b", "\u202e",
        "\ud800", "\udfff", "\t", "\n", "", " ",
    ];

    private static readonly Gen<string> Texts =
        Gen.OneOf(Gen.OneOf(Pieces), Gen.String[0, 12])
            .Array[0, 14]
            .Select(parts => string.Join(' ', parts));

    [Fact]
    public void Any_text_gets_known_themes_and_the_same_themes_twice()
    {
        var known = SuggestionThemes.All.Aggregate(SuggestionTheme.None, (all, t) => all | t);
        Texts.Sample(text =>
        {
            var first = SuggestionClassifier.Classify(text);
            Assert.Equal(SuggestionTheme.None, first & ~known);
            Assert.Equal(first, SuggestionClassifier.Classify(text));
        }, iter: 3000);
    }

    [Fact]
    public void A_text_without_letters_has_no_theme()
    {
        var noLetters = Gen.OneOf("0", "12", "50", ".", "!", "?", "-", "\u200b", " ", "\n", "0812", "\ud800")
            .Array[0, 10].Select(parts => string.Concat(parts));
        noLetters.Sample(text => Assert.Equal(SuggestionTheme.None, SuggestionClassifier.Classify(text)), iter: 1000);
    }
}
