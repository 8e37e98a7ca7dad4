using System.Text;
using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Themes;

/// <summary>
/// The integrity model (the statistical second opinion of the suggestion themes): its data file
/// round-trips, its features mark word families and negation, training is deterministic, and it
/// finds fresh phrasings the lexicon alone misses. The phrasings were written for this test, not
/// copied from any labelled set.
/// </summary>
public class IntegrityModelTests
{
    private static List<string> Features(string text) =>
        IntegrityModel.Features(ThemeLexicon.Default.Normaliser.Stems(text), ThemeLexicon.Default);

    [Fact]
    public void The_data_file_round_trips_family_features_bias_and_threshold()
    {
        // "f:" features once started with the file's comment mark and were dropped on reading.
        var model = new IntegrityModel(new Dictionary<string, double> { ["f:value"] = 1.5, ["u:calo"] = 2, ["b:minta_uang"] = -0.25 }, -1, 0.6);
        var read = IntegrityModel.Parse(Encoding.UTF8.GetBytes(model.Serialise()));
        Assert.Equal(3, read.Weights.Count);
        Assert.Equal(1.5, read.Weights["f:value"]);
        Assert.Equal(-0.25, read.Weights["b:minta_uang"]);
        Assert.Equal(0.6, read.Threshold);
        // z = -1 + 1.5 + 2 = 2.5; 1 / (1 + e^-2.5) = 0.9241
        Assert.Equal(0.9241, read.Probability(["f:value", "u:calo", "u:unknown"]), 4);
        Assert.True(read.Says(["f:value", "u:calo"]));
        // z = -1 + 1.5 = 0.5; p = 0.6225 >= 0.6
        Assert.True(read.Says(["f:value"]));
        // z = -1; p = 0.2689
        Assert.False(read.Says(["u:other"]));
    }

    [Fact]
    public void Features_name_the_families_and_their_pairs()
    {
        var features = Features("kasih uang ke petugas");
        Assert.Contains("f:value", features);
        Assert.Contains("f:give", features);
        Assert.Contains("f:officer", features);
        Assert.Contains("f:value+officer", features);
        Assert.Contains("f:give+officer", features);
        Assert.DoesNotContain("f:negation", features);
        Assert.Equal(features.Count, features.Distinct().Count());
    }

    [Fact]
    public void Words_after_a_negation_cue_are_features_of_their_own_and_count_for_no_family()
    {
        var features = Features("tidak ada uang");
        Assert.Contains("f:negation", features);
        Assert.Contains("u:!uang", features);
        Assert.DoesNotContain("u:uang", features);
        Assert.DoesNotContain("f:value", features);
    }

    [Fact]
    public void Training_is_deterministic_and_fits_what_it_was_given()
    {
        (SuggestionTheme, string)[] lines =
        [
            (SuggestionTheme.Integrity, "petugas minta uang rokok"),
            (SuggestionTheme.Integrity, "ada calo di depan"),
            (SuggestionTheme.Integrity, "harus kasih amplop biar cepat"),
            (SuggestionTheme.Queue, "antri lama sekali"),
            (SuggestionTheme.Praise, "petugas ramah, mantap"),
            (SuggestionTheme.Toilet, "toilet bau"),
        ];
        var sets = new[] { IntegrityModelTraining.Examples(lines) };
        var first = IntegrityModelTraining.Train(sets);
        var second = IntegrityModelTraining.Train(sets);
        Assert.Equal(first.Serialise(), second.Serialise());
        Assert.True(first.Probability(Features("ada calo di depan")) > 0.5);
        Assert.True(first.Probability(Features("toilet bau")) < 0.5);
    }

    [Fact]
    public void The_built_in_model_is_loaded_and_part_of_the_version()
    {
        var model = ThemeLexicon.Default.IntegrityModel;
        Assert.True(model.Weights.Count > 1000, $"{model.Weights.Count} weights");
        Assert.InRange(model.Threshold, 0.05, 0.95);
        Assert.Contains(model.Weights.Keys, k => k.StartsWith("f:", StringComparison.Ordinal));
    }

    // Fresh phrasings where the lexicon's terms and rules alone say nothing: the model decides.
    [Theory]
    [InlineData("mas2 di pintu samping bilang bisa dibikinin sim hari ini juga, tinggal siapin 800")]
    [InlineData("sy harus transfer ke nomor rekening atas nama pegawainya biar berkas masuk")]
    [InlineData("ibu di meja 3 bilang kalau mau kelar sore ini ada biaya lembur 100rb")]
    public void The_model_finds_what_the_lexicon_misses(string text)
    {
        Assert.False(SuggestionClassifier.Classify(text, null, IntegrityModel.Silent).HasFlag(SuggestionTheme.Integrity), "the lexicon alone already finds it");
        Assert.True(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());
    }

    [Theory]
    [InlineData("semoga tidak ada lagi calo di sekitar mpp")]
    [InlineData("sudah tidak ada pungli sekarang, mantap")]
    [InlineData("petugas menolak waktu sy mau kasih uang, salut")]
    [InlineData("bayar 50rb sesuai tarif, ada struk, cepat selesai")]
    [InlineData("tukang parkir minta 2rb, wajar lah")]
    public void A_denied_term_an_official_fee_or_a_parking_fee_is_not_overruled_by_the_model(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());
}
