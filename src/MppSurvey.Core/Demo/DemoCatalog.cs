namespace MppSurvey.Core.Demo;

/// <summary>
/// The demo's MPPs (from the inauguration news) and a typical agency roster. Levels and trends are
/// invented but plausible: published MPP indices mostly lie between 82 and 95 (published MPP results up to 2025).
/// </summary>
internal static class DemoCatalog
{
    /// <param name="Level">Mean answer (1-4) in the first demo semester.</param>
    /// <param name="Trend">Change of the mean answer per semester.</param>
    /// <param name="DailyVisitors">Respondents per working day.</param>
    public sealed record MallSpec(string RegencyCode, string Name, string Address, double Level, double Trend, int DailyVisitors);

    public static readonly MallSpec[] Malls =
    [
        new("12.23", "MPP Kabupaten Labuhanbatu Utara", "Jl. Jenderal Sudirman, Aek Kanopan", 3.30, 0.030, 35),
        new("13.04", "MPP Kabupaten Tanah Datar", "Jl. Sultan Alam Bagagarsyah, Batusangkar", 3.45, 0.015, 40),
        new("14.01", "MPP Kabupaten Kampar", "Jl. Prof. M. Yamin, Bangkinang", 3.25, 0.040, 60),
        new("15.05", "MPP Kabupaten Muaro Jambi", "Jl. Lintas Timur, Sengeti", 3.20, 0.020, 30),
        new("17.02", "MPP Kabupaten Rejang Lebong", "Jl. S. Sukowati, Curup", 3.40, -0.010, 30),
        new("32.01", "MPP Kabupaten Bogor", "Jl. Tegar Beriman, Cibinong", 3.35, 0.025, 120),
        new("32.12", "MPP Kabupaten Indramayu", "Jl. Jenderal Sudirman, Indramayu", 3.50, 0.010, 70),
        new("35.17", "MPP Kabupaten Jombang", "Jl. KH. Wahid Hasyim, Jombang", 3.42, 0.022, 80),
        new("35.16", "MPP Kabupaten Mojokerto", "Jl. Raya Jabon, Mojoanyar", 3.38, 0.018, 65),
        new("52.72", "MPP Kota Bima", "Jl. Soekarno-Hatta, Bima", 3.28, 0.035, 30),
        new("53.02", "MPP Kabupaten Timor Tengah Selatan", "Jl. Gajah Mada, Soe", 3.10, 0.045, 25),
        new("62.10", "MPP Kabupaten Gunung Mas", "Jl. Tjilik Riwut, Kuala Kurun", 3.22, 0.010, 20),
        new("74.04", "MPP Kabupaten Buton", "Jl. Sultan Murhum, Pasarwajo", 3.18, 0.030, 20),
        new("74.01", "MPP Kabupaten Kolaka", "Jl. Pemuda, Kolaka", 3.36, 0.000, 35),
        new("73.17", "MPP Kabupaten Luwu", "Jl. Opu Daeng Risaju, Belopa", 3.30, 0.020, 35),
        new("11.05", "MPP Kabupaten Aceh Barat", "Jl. Gajah Mada, Meulaboh", 3.33, 0.025, 40),
        new("12.19", "MPP Kabupaten Batu Bara", "Jl. Access Road Inalum, Lima Puluh", 3.24, 0.030, 30),
        new("21.01", "MPP Kabupaten Bintan", "Jl. Raya Tanjung Uban", 3.47, 0.012, 30),
        new("15.04", "MPP Kabupaten Batanghari", "Jl. Gajah Mada, Muara Bulian", 3.26, -0.015, 25),
        new("18.08", "MPP Kabupaten Way Kanan", "Jl. Jenderal Sudirman, Blambangan Umpu", 3.15, 0.040, 25),
        new("32.03", "MPP Kabupaten Cianjur", "Jl. Raya Bandung, Cianjur", 3.32, 0.028, 90),
        new("63.11", "MPP Kabupaten Balangan", "Jl. A. Yani, Paringin", 3.44, 0.008, 20),
        new("65.02", "MPP Kabupaten Malinau", "Jl. Raja Pandita, Malinau Kota", 3.39, 0.015, 20),
        new("72.05", "MPP Kabupaten Buol", "Jl. Syarif Mansyur, Buol", 3.12, 0.035, 20),
        new("34.04", "MPP Kabupaten Sleman", "Jl. Parasamya, Beran, Tridadi", 3.55, 0.010, 110),
        new("35.10", "MPP Kabupaten Banyuwangi", "Jl. Jaksa Agung Suprapto, Banyuwangi", 3.58, 0.006, 100),
    ];

    /// <param name="Share">Relative share of visitors (Dukcapil serves about a quarter of an MPP's visitors).</param>
    /// <param name="Offset">Agency's effect on the mean answer.</param>
    public sealed record AgencySpec(string Name, string ShortName, double Share, double Offset, string[] Services);

    public static readonly AgencySpec[] Agencies =
    [
        new("Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", 25, -0.05,
            ["Kartu Tanda Penduduk elektronik", "Kartu Keluarga", "Akta Kelahiran", "Akta Kematian", "Kartu Identitas Anak", "Surat Pindah Datang", "Akta Perkawinan", "Perbaikan data kependudukan"]),
        new("Samsat (Badan Pendapatan Daerah)", "Samsat", 14, -0.10,
            ["Pajak kendaraan tahunan", "Pajak kendaraan lima tahunan", "Balik nama kendaraan", "Mutasi kendaraan", "Pengesahan STNK"]),
        new("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", 10, 0.00,
            ["Nomor Induk Berusaha (OSS)", "Persetujuan Bangunan Gedung", "Izin usaha mikro", "Izin praktik tenaga kesehatan", "Izin reklame", "Sertifikat Laik Fungsi"]),
        new("BPJS Kesehatan", "BPJS Kesehatan", 9, 0.05,
            ["Pendaftaran peserta", "Perubahan data peserta", "Informasi dan pengaduan", "Pindah fasilitas kesehatan"]),
        new("BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan", 5, 0.06,
            ["Klaim Jaminan Hari Tua", "Pendaftaran peserta bukan penerima upah", "Informasi kepesertaan"]),
        new("Kantor Imigrasi", "Imigrasi", 6, 0.02,
            ["Paspor baru", "Penggantian paspor", "Informasi keimigrasian"]),
        new("Kantor Pertanahan", "BPN", 6, -0.15,
            ["Pengecekan sertifikat", "Peralihan hak tanah", "Informasi pertanahan", "Roya"]),
        new("Kepolisian Resor", "Polres", 6, -0.02,
            ["Surat Keterangan Catatan Kepolisian", "Perpanjangan SIM", "Laporan kehilangan"]),
        new("Kantor Pelayanan Pajak Pratama", "KPP Pratama", 4, 0.04,
            ["NPWP", "Pelaporan SPT Tahunan", "Konsultasi perpajakan"]),
        new("Kantor Kementerian Agama", "Kemenag", 3, 0.03,
            ["Pendaftaran haji", "Rekomendasi paspor haji dan umrah", "Legalisasi dokumen"]),
        new("Dinas Tenaga Kerja", "Disnaker", 3, 0.00,
            ["Kartu pencari kerja (AK/1)", "Pelatihan kerja", "Informasi lowongan"]),
        new("Perusahaan Umum Daerah Air Minum", "PDAM", 3, -0.08,
            ["Pemasangan baru", "Pengaduan gangguan", "Pembayaran rekening"]),
        new("PT PLN (Persero)", "PLN", 2, -0.04,
            ["Pasang baru listrik", "Tambah daya", "Pengaduan gangguan"]),
        new("Bank Pembangunan Daerah", "Bank Daerah", 2, 0.08,
            ["Pembukaan rekening", "Pembayaran pajak daerah", "Kredit usaha rakyat"]),
        new("PT Taspen (Persero)", "Taspen", 1, 0.07,
            ["Klaim pensiun", "Otentikasi peserta"]),
        new("Kantor Pos", "Pos Indonesia", 1, 0.05,
            ["Penyaluran bantuan sosial", "Pengiriman dokumen"]),
    ];

    /// <summary>Element effects on the mean answer: cost (U4) is usually free, time (U3) and complaints (U8) trail.</summary>
    public static readonly double[] ElementOffsets = [0.00, -0.02, -0.22, 0.42, 0.02, 0.05, 0.10, -0.16, -0.06];

    public static readonly string[] Suggestions =
    [
        "Antrean di loket Dukcapil terlalu panjang, mohon ditambah petugas.",
        "Pelayanan sudah cepat dan ramah, pertahankan.",
        "Ruang tunggu panas, AC sering mati.",
        "Mohon informasi persyaratan ditempel lebih jelas di depan loket.",
        "Tempat parkir sempit pada hari Senin.",
        "Petugas sangat membantu, terima kasih.",
        "Sistem online sering gangguan, jadi harus datang lagi.",
        "Kotak pengaduan tidak jelas tindak lanjutnya.",
        "Perlu kursi prioritas untuk lansia dan ibu hamil.",
        "Jam pelayanan sebaiknya sampai sore.",
        "Toilet perlu lebih bersih.",
        "Nomor antrean digital sangat memudahkan.",
        // As visitors really type (informal spelling), so the suggestion themes have something to sort.
        "antri nya lamaa bgt, dr jam 8 baru dipanggil jam 11",
        "petugasnya ga ramah, jutek",
        "ada calo di parkiran nawarin bikin ktp cepet",
        "mantap pelayanannya, makasih",
        "wc nya bau, tolong dibersihin",
        "acnya mati, gerah bgt",
        "syarat nya tdk jelas jd bolak balik fotokopi",
        "sistem online nya sering error",
        "diminta uang rokok sama oknum",
        "ktp blm jadi udah sebulan",
        "petugas kurang paham aturan baru",
        "pengaduan sy ga ditanggapi",
        "biayanya mahal, tolong pasang daftar tarif",
    ];
}
