using MppSurvey.Core.Themes;

namespace MppSurvey.UnitTests.Themes;

/// <summary>
/// Integrity recognition must generalise to phrasings no labelled set contains: euphemism families,
/// proximity rules (money + purpose + speed, request + money, trade pairs), regional and English
/// forms, and the negation that keeps denials, wishes and official fees out. These lines were
/// written for this test, not copied from the development or held-out sets.
/// </summary>
public class IntegrityGeneralisationTests
{
    [Theory]
    [InlineData("kemarin ngasih gocap ke bapaknya biar ktp sy didahulukan")]
    [InlineData("harus setor cepek dulu supaya izinnya lancar")]
    [InlineData("titip duit 200rb ke mbak loket agar akta cepat selesai")]
    [InlineData("kalau pengen kelar hari ini ya siapin ongkos buat bapaknya")]
    [InlineData("petugas arsip minta dibelikan kopi dulu baru berkas diproses")]
    [InlineData("disuruh kasih tambahan sama petugas, katanya buat anak2")]
    [InlineData("pak satpam minta jatah tiap ada yang urus sim")]
    [InlineData("ada duit capek 50 ribu yang wajib dibayar, ga resmi")]
    [InlineData("ongkos ketik 15rb tanpa kuitansi di meja depan")]
    [InlineData("sopir2 di luar jual nomor antrean subuh2")]
    [InlineData("sy lihat orang nyelipin duit ke dalam map waktu di loket")]
    [InlineData("kata abangnya wani piro, langsung tak tinggal")]
    [InlineData("yang punya ordal ya cepat, yang nggak ya nunggu")]
    [InlineData("disini lewat jalur khusus bisa sehari jadi asal ada amplopnya")]
    [InlineData("wong jero sing ngurus kabeh, rakyat biasa kalah")]
    [InlineData("harus ada uang pulsa buat petugas lapangan")]
    [InlineData("officer asked me for money to speed up my permit")]
    [InlineData("paid an unofficial fee and got it the same day")]
    [InlineData("a fixer outside offered to get my passport quickly")]
    [InlineData("kalau gak ngasih uang jalan, berkasnya gak bakal diurus")]
    [InlineData("mbak kasir minta uang damai biar berkas ga ditolak")]
    public void Indirect_integrity_complaints_are_recognised(string text) =>
        Assert.True(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    [Theory]
    [InlineData("bayar 50rb sesuai tarif, ada struk, cepat selesai")]
    [InlineData("tukang parkir minta 2rb, wajar lah")]
    [InlineData("mudah2an ga ada lagi yang namanya uang rokok di sini")]
    [InlineData("sempat takut dimintai duit, ternyata tidak sama sekali")]
    [InlineData("petugasnya jujur, menolak amplop dari bapak di depan saya")]
    [InlineData("jangan kasih ruang buat calo")]
    [InlineData("antri 2 jam, mohon biar cepat")]
    [InlineData("bersih dari pungli, mantap")]
    [InlineData("tolong tambah loket biar cepat")]
    [InlineData("bayar pakai qris biar cepat")]
    [InlineData("mohon kasih info yang jelas biar cepat paham")]
    public void Denials_wishes_and_official_fees_are_not_integrity(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());
}
