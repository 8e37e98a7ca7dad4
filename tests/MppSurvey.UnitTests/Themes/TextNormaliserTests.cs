using System.Diagnostics;
using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Themes;

public class TextNormaliserTests
{
    private static string Words(string text) => string.Join(' ', ThemeLexicon.Default.Normaliser.Words(text));

    [Theory]
    [InlineData("Antrinya LAMAA bangettt!!!", "antrinya lama banget")]
    [InlineData("yg tdk ramah", "yang tidak ramah")]
    [InlineData("gak, ga, nggak, ngga, gk", "tidak tidak tidak tidak tidak")]
    [InlineData("krn dgn utk org bpk", "karena dengan untuk orang bapak")]
    [InlineData("sdh blm", "sudah belum")]
    [InlineData("makasih mksh trims", "terima kasih terima kasih terima kasih")]
    [InlineData("petugas2 ramah2", "petugas petugas ramah ramah")]
    [InlineData("oleh2", "oleh oleh")]
    [InlineData("biaya 50rb", "biaya 0 ribu")]
    [InlineData("antri 2 jam", "antre 0 jam")]
    [InlineData("menunggu", "menunggu")]
    [InlineData("maaf", "maaf")]
    [InlineData("ＡＣ ｍａｔｉ", "ac mati")]
    [InlineData("P\u0307UNGLI di loket", "pungli di loket")]
    [InlineData("pungli\u0301\u0301\u0301 dí lóket", "pungli di loket")]
    [InlineData("pu\u200bngli\u200d di\u2060 loket", "pungli di loket")]
    [InlineData("<script>alert('calo')</script>", "script alert calo script")]
    [InlineData("Terima kasih 🙏👍", "terima kasih mantap")]
    [InlineData("пелаяна ramah 服务", "пелаяна ramah 服务")]
    [InlineData("1234567890", "0")]
    [InlineData("", "")]
    public void Informal_text_becomes_lexicon_words(string text, string expected) => Assert.Equal(expected, Words(text));

    [Fact]
    public void A_letter_typed_a_hundred_times_is_one_letter_and_quick()
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal("panas", Words("pana" + new string('s', 100)));
        Assert.Equal("a", Words(new string('a', 100_000)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_lone_surrogate_does_not_throw() => Assert.Equal("calo", Words("calo\ud83d"));
}
