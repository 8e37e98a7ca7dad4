using MppSurvey.Core.Themes;
using static MppSurvey.Core.Themes.SuggestionTheme;

namespace MppSurvey.UnitTests.Themes;

/// <summary>
/// Labelling rule 7 draws the line between a wish that gratuities stay absent (not integrity) and a
/// text that says they are there, even when it says so as a call to act, a question or a
/// retaliation. These are decided by the lexicon's words, so they are checked on the lexicon alone
/// (IntegrityModel.Silent): a retrained model must not be what keeps them right. Written for this
/// test, not copied from a labelled set.
/// </summary>
public class IntegrityPresenceTests
{
    private static bool LexiconSaysIntegrity(string text) =>
        SuggestionClassifier.Classify(text, null, IntegrityModel.Silent).HasFlag(Integrity);

    // A cue before the term, then a phrase that says it is there after all; a question about when
    // it will be gone; a call to stop it; those who did not pay being punished for it.
    [Theory]
    [InlineData("katanya MPP anti pungli, tp di loket samsat masih ada aja")]
    [InlineData("spanduk bebas calo dipasang, padahal calonya masih berkeliaran di parkiran")]
    [InlineData("kpn MPP ini bersih dari makelar?")]
    [InlineData("kapan ya kantor ini bebas pungli")]
    [InlineData("stop pungli di loket SIM!")]
    [InlineData("berantas calo di depan gerbang")]
    [InlineData("yg gak ngasih amplop berkasnya ditaruh paling bawah")]
    [InlineData("krn sy gak mau bayar, izin sy dipersulit terus")]
    [InlineData("berkas ditahan terus, dipersulit sampai akhirnya sy bayar")]
    [InlineData("disuruh setor 300rb biar berkasnya lolos verifikasi")]
    [InlineData("nomor antrean pagi dijual ke yg dateng telat")]
    [InlineData("petugas kebersihan minta uang 5rb buat bersihin toilet")]
    [InlineData("uang pendaftarannya sdh masuk, selisihnya kemana ya")]
    public void A_text_that_says_gratuities_are_there_is_integrity_whatever_cue_stands_before(string text) =>
        Assert.True(LexiconSaysIntegrity(text), SuggestionClassifier.Classify(text, null, IntegrityModel.Silent).ToString());

    // The same words as wishes, denials and hypotheticals, which report nothing.
    [Theory]
    [InlineData("MPP ini bersih dari makelar, mantap")]
    [InlineData("semoga tetap bebas pungli")]
    [InlineData("tolong berantas calo kalau nanti muncul lagi")]
    [InlineData("jangan mau pake calo ya")]
    [InlineData("tidak ada yang minta amplop, petugasnya ramah")]
    [InlineData("berkasnya dipersulit, syaratnya ganti2 terus")]
    [InlineData("sulit bayar pakai kartu debit")]
    [InlineData("loket penjualan materai antrenya panjang")]
    [InlineData("sy mau kasih uang terima kasih tapi ditolak, salut")]
    [InlineData("pintu masuk lebih luas")]
    [InlineData("loket mana yang lebih dulu?")]
    [InlineData("pelayanan yang cepat, tanpa calo")]
    [InlineData("MPP yang bebas pungli")]
    [InlineData("terima kasih petugas yang tidak minta imbalan")]
    [InlineData("kalau disini tidak ada pungli")]
    [InlineData("bebas pungli, tapi masih banyak yang perlu diperbaiki")]
    [InlineData("tidak ada pungli, tapi antrean masih saja lama")]
    [InlineData("tidak ada pungli, semoga masih bebas terus")]
    [InlineData("Makasih, berkas saya lolos verifikasi")]
    [InlineData("sudah bayar tapi tidak lolos ujian praktik SIM")]
    [InlineData("Pelayanan KTP dipersulit, syarat banyak. Terima kasih")]
    [InlineData("pengurusan dipersulit, mohon kasih penjelasan")]
    [InlineData("sudah bayar pajak tapi balik nama dipersulit")]
    [InlineData("banyak yang jualan di depan, antrean jadi sempit")]
    [InlineData("bila datang pagi, tidak ada calo")]
    [InlineData("kapan saja datang, tidak pernah dimintai uang")]
    [InlineData("sudah ada spanduk stop pungli, mantap")]
    public void A_wish_a_denial_or_an_ordinary_difficulty_is_not_integrity(string text) =>
        Assert.False(LexiconSaysIntegrity(text), SuggestionClassifier.Classify(text, null, IntegrityModel.Silent).ToString());

    // A receipt names a payment official, so neither the rules nor the model read it as a bribe;
    // unless the receipt is denied, asked for, or contradicted right after.
    [Theory]
    [InlineData("bayar 30rb, dapat kwitansi, beres", true)]
    [InlineData("biaya SIM 120rb, ada struknya semua", true)]
    [InlineData("legalisir 2rb per lembar, ada tanda terima", true)]
    [InlineData("ongkos ketik 15rb tanpa kuitansi", false)]
    [InlineData("mas, kwitansinya mana? td bayar 200rb", false)]
    [InlineData("kwitansinya 30rb tapi disuruh bayar 50rb", false)]
    [InlineData("biayanya resmi tidak segitu", false)]
    [InlineData("dikasih tanda terima kasih 50rb ke petugas", false)]
    [InlineData("bayar pajak 200rb sesuai tarif, tapi baru selesai 3 hari", true)]
    [InlineData("disuruh bayar 150rb biar cepat, belum ada kuitansi", false)]
    [InlineData("ambil karcis antrean, satpam minta 50rb biar didahulukan", false)]
    public void A_receipt_makes_a_payment_official_unless_it_is_denied_or_contradicted(string text, bool official)
    {
        var lexicon = ThemeLexicon.Default;
        Assert.Equal(official, IntegrityRules.Official(lexicon.Normaliser.Stems(text)));
    }

    [Fact]
    public void A_vehicle_named_as_the_service_is_not_parking()
    {
        Assert.False(SuggestionClassifier.Classify("pajak motor cepat, makasih").HasFlag(Parking));
        Assert.False(SuggestionClassifier.Classify("balik nama mobil 2 hari jadi").HasFlag(Parking));
        Assert.True(SuggestionClassifier.Classify("parkir motor sempit bgt").HasFlag(Parking));
    }
}
