using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Themes;

public class IndonesianStemmerTests
{
    private static string Stem(string word) => ThemeLexicon.Default.Normaliser.Stems(word).Single();

    [Theory]
    [InlineData("pelayanannya", "layan")]
    [InlineData("pelayanan", "layan")]
    [InlineData("melayani", "layan")]
    [InlineData("dilayanin", "layan")]
    [InlineData("antrean", "antre")]
    [InlineData("antrian", "antre")]
    [InlineData("ngantri", "antre")]
    [InlineData("dipersulit", "persulit")]
    [InlineData("kesulitan", "sulit")]
    [InlineData("keramahan", "ramah")]
    [InlineData("menunggu", "tunggu")]
    [InlineData("pungutan", "pungut")]
    [InlineData("persyaratannya", "syarat")]
    [InlineData("membayar", "bayar")]
    [InlineData("pembayaran", "bayar")]
    [InlineData("pengaduan", "adu")]
    [InlineData("keluhannya", "keluh")]
    [InlineData("mengeluh", "keluh")]
    [InlineData("menyusahkan", "susah")]
    [InlineData("memakai", "pakai")]
    [InlineData("bertanya", "tanya")]
    [InlineData("pertahankan", "pertahan")]
    [InlineData("ditindaklanjuti", "ditindaklanjuti")]
    [InlineData("kelamaan", "lama")]
    [InlineData("tunggulah", "tunggu")]
    [InlineData("ramahkah", "ramah")]
    public void Known_words_reach_their_root(string word, string root) => Assert.Equal(root, Stem(word));

    [Theory]
    // Not cut to a wrong root: roots and words the list does not know stay whole.
    [InlineData("makan")]
    [InlineData("terima")]
    [InlineData("sebaiknya")]
    [InlineData("kasihan")]
    [InlineData("mpp")]
    [InlineData("dukcapil")]
    [InlineData("perempuan")]
    [InlineData("ac")]
    public void Roots_and_unknown_words_stay(string word) => Assert.Equal(word, Stem(word));

    [Fact]
    public void A_stemmer_without_the_root_does_not_cut()
    {
        var stemmer = new IndonesianStemmer(new HashSet<string> { "layan" });
        Assert.Equal("layan", stemmer.Stem("pelayanan"));
        Assert.Equal("keramahan", stemmer.Stem("keramahan"));
    }
}
