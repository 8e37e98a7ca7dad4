#:project ../../src/MppSurvey.Core/MppSurvey.Core.csproj
// Writes sample workbooks for tools/workbook-pdf/check (run by it): an MPP workbook with 400 respondents
// (enough for several printed pages of Pengolahan Data) and the national workbook of 26 MPPs. Deterministic:
// the same files every run. Prints "<file> IKM <value>" per MPP workbook, the value the check looks for.
using System.Globalization;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

var output = args.Length > 0 ? args[0] : ".";
Directory.CreateDirectory(output);
var random = new Random(20251231);

RespondentRow[] rows = [.. Enumerable.Range(1, 400).Select(n => new RespondentRow(n,
    [.. Enumerable.Range(0, 9).Select(i => random.Next(100) < 2 ? (short?)null : (short)(random.Next(100) < 70 ? 3 + random.Next(2) : 1 + random.Next(4)))]))];
var tallies = Tallies(rows);
var index = IndexCalculator.Skm(tallies);
var mall = new MallWorkbookData("MPP Kabupaten Contoh & Sekitarnya", "Kab. Contoh", "Aceh", "2025-S2", tallies, rows, 196, new IndexInterval(80.1, 83.2),
    new PeriodComparison("2025-S1", 80.004m, ChangeVerdict.NoSignificantChange, 0.31),
    [new AgencyRow("Dinas Kependudukan dan Pencatatan Sipil", 100, [new ServiceRow("KTP elektronik", 400, tallies, 100)])],
    [new TrendPoint("2025-S1", 80.004m, 78.0, 82.0, 380, null), new TrendPoint("2025-S2", index.Converted, 80.1, 83.2, 400, ChangeVerdict.NoSignificantChange)],
    new RespondentProfile([new ProfileCount("Laki-laki", 210), new ProfileCount("Perempuan", 190)], [], [], []),
    [new SuggestionRow(new DateOnly(2025, 8, 1), "KTP elektronik", "Antrean perlu dipercepat")],
    [new FollowUpRow("U3", "Menambah loket", "2026 Triwulan I", "Kepala MPP", "Direncanakan", null)]);
using (var file = File.Create(Path.Combine(output, "mpp.xlsx")))
{
    MallWorkbook.Write(mall, file);
}

Console.WriteLine($"mpp.xlsx IKM {index.ConvertedRounded.ToString("0.00", CultureInfo.GetCultureInfo("id-ID"))}");

var malls = Enumerable.Range(1, 26).Select(i =>
{
    var n = 100 + (i * 37 % 300);
    var mallTallies = SkmElements.Codes.Select((c, e) => new ElementTally(c, n, (long)(n * (3.0 + ((i + e) % 7) / 10.0)))).ToList();
    var province = (11 + i % 9).ToString(CultureInfo.InvariantCulture);
    return new NationalMallRow(province, "Provinsi " + province, $"{province}.{i:00}", $"Kabupaten Contoh Nomor {i}", $"MPP Kabupaten Contoh Nomor {i}",
        n, mallTallies, 200, new IndexInterval(78, 84), null, FunnelPosition.Within);
}).ToList();
using (var file = File.Create(Path.Combine(output, "nasional.xlsx")))
{
    NationalWorkbook.Write(new NationalWorkbookData("2025-S2", malls), file);
}

Console.WriteLine("nasional.xlsx");

static List<ElementTally> Tallies(IEnumerable<RespondentRow> rows) =>
    [.. SkmElements.Codes.Select((code, i) => new ElementTally(code, rows.LongCount(r => r.Answers[i] is not null), rows.Sum(r => (long)(r.Answers[i] ?? 0))))];
