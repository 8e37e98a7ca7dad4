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
    public void Denials_wishes_and_official_fees_are_not_integrity(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    // Families added after the third held-out set: regional money and request words (pitih, hepeng,
    // doi, jaluk, dipenta, mangido, dipalak), gifts asked, transfers to a private account, fees
    // without a receipt, a licence without the test, "jatah"/"jalurnya", illegal parking, cash accepted.
    [Theory]
    [InlineData("pegawai loket mangido hepeng sebelum stempel")]
    [InlineData("harus ado pitih kopi dulu baru diurus")]
    [InlineData("aku dijaluk duit 50 ewu karo wong loket")]
    [InlineData("sy dipenta duit ku satpam pas ambil nomor")]
    [InlineData("kemarin dipalak 10rb sama orang yg ngaku petugas")]
    [InlineData("petugasnya minta doi buat makan siang")]
    [InlineData("menjelang lebaran petugas minta parsel ke pemohon")]
    [InlineData("staff there expect gifts before stamping anything")]
    [InlineData("uangnya disuruh transfer ke rek pribadi bapaknya")]
    [InlineData("I was told to pay into a private account")]
    [InlineData("bayar 30rb administrasi tp tidak diberi kuitansi")]
    [InlineData("temen sy dapet sim tanpa tes, cukup bayar")]
    [InlineData("they can get you a license without a test if you pay")]
    [InlineData("mau diproses minggu ini? ada jalurnya mbak, kata bapak itu")]
    [InlineData("sy kasih 50 ribu, diterima sama pegawainya tanpa bukti")]
    [InlineData("ada jukir liar narik duit di depan gerbang")]
    public void Regional_gift_account_receipt_and_licence_families_are_integrity(string text) =>
        Assert.True(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    [Theory]
    [InlineData("semoga mpp ini tetap free from bribes")]
    [InlineData("bayar retribusi 20rb, ada kuitansi, sesuai tarif")]
    [InlineData("perpanjang sim bayar sesuai tarif resmi, ada struk")]
    [InlineData("parkir gratis dan rapi, jukir sopan")]
    public void Wishes_and_official_fees_in_the_new_families_are_not_integrity(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    // Written after the integrity model was added, before it classified them: 15 of 20 such
    // complaints were found (those below); the five missed ones ("temen sy kerja disitu jadi
    // dipanggil duluan", "tarif tidak tertulis", "pengertiannya aja" with a gesture, a bare "ngasih
    // 50", "sumbangan sukarela") show where unseen recall still falls short.
    [Theory]
    [InlineData("mas2 di pintu samping bilang bisa dibikinin sim hari ini juga, tinggal siapin 800")]
    [InlineData("ibu di meja 3 nanya \"ada titipan buat kami?\" pas saya ambil akta")]
    [InlineData("kemarin adik sy urus kk, petugasnya ngode minta uang makan siang")]
    [InlineData("sy harus transfer ke nomor rekening atas nama pegawainya biar berkas masuk")]
    [InlineData("bapak berseragam nawarin jasa urus paspor 1,5jt beres tanpa antri")]
    [InlineData("katanya kalo mau sertifikat cepet keluar harus ada \"uang koordinasi\"")]
    [InlineData("yang bawa map kuning plus amplop langsung diproses")]
    [InlineData("pas ambil stnk disuruh ninggalin 20 ribu buat administrasi, gak dikasih bukti")]
    [InlineData("ada biro jasa di parkiran yg bisa tembus ke dalam, bayarnya lumayan")]
    [InlineData("satpam jualan nomor antrian pagi2 ke orang yg baru dateng")]
    [InlineData("tolong usut pegawai yg nerima uang dari calo di lantai 2")]
    [InlineData("he asked for 100k under the table to release my certificate")]
    [InlineData("had to tip the staff so they'd stamp my form today")]
    [InlineData("daftar npwp harusnya gratis tp sy keluar duit 150rb")]
    [InlineData("pak rt bilang lewat orangnya camat lebih cepat, asal ada rokoknya")]
    public void Fresh_phrasings_after_the_model_are_integrity(string text) =>
        Assert.True(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    [Theory]
    [InlineData("bayar pbb lewat qris, ada bukti pembayarannya, cepat")]
    [InlineData("antri lama banget, 3 jam baru dipanggil")]
    [InlineData("tolong pegawainya jangan main hp terus")]
    [InlineData("parkir motor 2rb, wajar")]
    [InlineData("gratis semua, terima kasih pak bu")]
    [InlineData("saya transfer pembayaran pajak kendaraan lewat bank, lancar")]
    [InlineData("petugas loket ramah, menjelaskan syarat dengan jelas")]
    [InlineData("mohon tambah kursi di ruang tunggu")]
    public void Fresh_everyday_lines_after_the_model_are_not_integrity(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    // Written after the fifth labelled set, before the classifier saw them: 17 of 20 were found; the
    // families then added (a hint or code, a donation with a fixed amount, "ada harganya") find 19.
    // Still missed: "berkas bisa dipercepat kalau saya ngerti maksudnya" (a hint with no hint word).
    [Theory]
    [InlineData("temen saya cuma setor KTP ke orang di warung depan, besok SIM udah jadi")]
    [InlineData("bayar 300 ke mas yang di tangga, katanya nanti dia yang masukin berkas")]
    [InlineData("ada oknum di loket pajak minta uang \"administrasi\" tanpa tanda terima")]
    [InlineData("dia bilang kalau mau cepat \"ada harganya\" mas")]
    [InlineData("orang yang kenal kepala bidang dilayani duluan, kami yang biasa disuruh nunggu")]
    [InlineData("disuruh nebus map 25rb padahal map nya gratis dari loket")]
    [InlineData("pas ambil paspor petugasnya nanya \"oleh2nya mana pak?\"")]
    [InlineData("sy ditawari lulus ujian SIM tanpa praktek, tinggal bayar 500")]
    [InlineData("the clerk hinted I should leave something in the folder")]
    [InlineData("calon pengantin diminta sumbangan buat kantor, nominal sudah ditentukan")]
    [InlineData("ada yang jual formulir yang harusnya gratis di depan pintu")]
    [InlineData("petugas ukur tanah minta uang transport padahal sudah bayar PNBP")]
    [InlineData("kalau tidak pakai jasa orang dalam berkas kami bolak balik ditolak")]
    [InlineData("nitip 100rb ke satpam biar dapat nomor awal")]
    [InlineData("Mas-mas di parkiran ngaku bisa bantu urus IMB asal ada uang rokok")]
    [InlineData("tukang parkir liar narik 5rb padahal parkir MPP gratis")]
    [InlineData("pegawai minta saya transfer ke dana pribadinya untuk biaya cetak")]
    [InlineData("someone offered to skip the line for 50k")]
    [InlineData("petugas sengaja ngelama-lamain biar kita minta bantuan berbayar")]
    public void Fresh_phrasings_after_the_fifth_set_are_integrity(string text) =>
        Assert.True(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());

    // Written with the lines above. Still wrong: "kalau ada yang minta uang, laporkan saja" (a
    // hypothesis; "kalau" cannot negate, since "kalau ada duit semua lancar" reports a bribe).
    [Theory]
    [InlineData("semoga ke depan tetap bersih dari calo")]
    [InlineData("tidak ada pungutan apapun, gratis, salut")]
    [InlineData("bayar retribusi sesuai perda dan dapat karcis")]
    [InlineData("jangan sampai ada oknum yang minta-minta")]
    [InlineData("parkir 3rb, ada karcisnya")]
    [InlineData("petugas menolak waktu saya kasih kue, salut")]
    [InlineData("satpamnya ramah, bantu orang tua naik tangga")]
    public void Fresh_denials_and_official_fees_after_the_fifth_set_are_not_integrity(string text) =>
        Assert.False(SuggestionClassifier.Classify(text).HasFlag(SuggestionTheme.Integrity), SuggestionClassifier.Classify(text).ToString());
}
