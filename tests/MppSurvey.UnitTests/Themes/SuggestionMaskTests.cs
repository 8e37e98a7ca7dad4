using MppSurvey.Core.Themes;
using Xunit;

namespace MppSurvey.UnitTests.Themes;

public class SuggestionMaskTests
{
    [Theory]
    [InlineData("hubungi saya 081234567890 ya", "hubungi saya [disamarkan] ya")]
    [InlineData("wa 0812-3456-7890", "wa [disamarkan]")]
    [InlineData("telp +62 812 3456 7890 pak", "telp [disamarkan] pak")]
    [InlineData("no 62812345678", "no [disamarkan]")]
    [InlineData("kantor (0341) 551234", "kantor [disamarkan]")]
    [InlineData("email budi.santoso@gmail.com aja", "email [disamarkan] aja")]
    [InlineData("budi (at) yahoo (dot) co (dot) id", "[disamarkan]")]
    [InlineData("NIK 3507123456780001 ditolak", "NIK [disamarkan] ditolak")]
    [InlineData("nik 3507 1234 5678 0001", "nik [disamarkan]")]
    [InlineData("rek 1234567890123", "rek [disamarkan]")]
    public void Identifying_numbers_and_addresses_are_masked(string text, string expected) =>
        Assert.Equal(expected, SuggestionMask.Apply(text));

    [Theory]
    [InlineData("antri 2 jam, nomor 125, loket 3")]
    [InlineData("biaya Rp 50.000 padahal gratis")]
    [InlineData("tanggal 12-05-2026 jam 08.30")]
    [InlineData("pelayanannya ramah, terima kasih 🙏")]
    [InlineData("")]
    public void Ordinary_numbers_stay(string text) => Assert.Equal(text, SuggestionMask.Apply(text));
}
