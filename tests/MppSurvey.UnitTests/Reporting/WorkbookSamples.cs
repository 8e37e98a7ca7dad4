using ClosedXML.Excel;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.UnitTests.Scoring;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>Workbook data for the tests: the worked example of docs/method.md and small made-up MPPs.</summary>
internal static class WorkbookSamples
{
    public const string Injection = "=HYPERLINK(\"http://x\",\"y\")";

    /// <summary>The worked example's rows; <paramref name="blankR10U4"/> leaves R10's U4 blank (§3).</summary>
    public static IReadOnlyList<RespondentRow> ExampleRows(bool blankR10U4 = false)
    {
        var rows = WorkedExample.Answers
            .Select((answers, i) => new RespondentRow(i + 1, answers.Select(a => (short?)a).ToArray()))
            .ToList();
        if (blankR10U4)
        {
            rows[9].Answers[3] = null;
        }

        return rows;
    }

    /// <summary>Per-element tallies of rows, computed independently of the writer.</summary>
    public static IReadOnlyList<ElementTally> TalliesOf(IEnumerable<RespondentRow> rows)
    {
        var list = rows.ToList();
        return SkmElements.Codes.Select((code, i) => new ElementTally(
                code,
                list.Count(r => r.Answers[i] is not null),
                list.Sum(r => (long)(r.Answers[i] ?? 0))))
            .ToList();
    }

    /// <summary>The worked example as one MPP, with everything the workbook shows filled in.</summary>
    public static MallWorkbookData Example(bool blankR10U4 = false, IReadOnlyList<SuggestionRow>? suggestions = null, IReadOnlyList<FollowUpRow>? followUps = null)
    {
        var rows = ExampleRows(blankR10U4);
        return new MallWorkbookData(
            "MPP Kabupaten Contoh",
            "Kab. Aceh Barat",
            "Aceh",
            "2025-S2",
            TalliesOf(rows),
            rows,
            SampleTarget: 12,
            ConfidenceInterval: new IndexInterval(81.6989642250, 95.5232579973),
            Change: new PeriodComparison("2025-S1", 85.004m, ChangeVerdict.SignificantRise, 0.0123),
            Agencies:
            [
                new AgencyRow("Dinas Kependudukan dan Pencatatan Sipil", null,
                [
                    new ServiceRow("KTP elektronik", 6, TalliesOf(rows.Take(6)), 5),
                    new ServiceRow("Akta kelahiran", 2, TalliesOf(rows.Skip(6).Take(2)), 10),
                ]),
                new AgencyRow("Kantor Pertanahan", 3,
                [
                    new ServiceRow("Sertifikat tanah", 2, TalliesOf(rows.Skip(8)), null),
                    new ServiceRow("Roya", 0, [], null),
                ]),
            ],
            Trend:
            [
                new TrendPoint("2024-S2", 83.125m, 80.1, 86.2, 150, null),
                new TrendPoint("2025-S1", 85.004m, 82.5, 87.5, 160, ChangeVerdict.NoSignificantChange),
                new TrendPoint("2025-S2", 88.6111m, 81.6989642250, 95.5232579973, 10, ChangeVerdict.SignificantRise),
            ],
            new RespondentProfile(
                [new ProfileCount("Laki-laki", 6), new ProfileCount("Perempuan", 4)],
                [new ProfileCount("17-25", 2), new ProfileCount("26-35", 3), new ProfileCount("36-45", 3), new ProfileCount("46-55", 1), new ProfileCount("56+", 1)],
                [new ProfileCount("SD", 0), new ProfileCount("SMP", 1), new ProfileCount("SMA", 5), new ProfileCount("D1-D3", 1), new ProfileCount("S1/D4", 3), new ProfileCount("S2", 0), new ProfileCount("S3", 0)],
                [new ProfileCount("PNS", 1), new ProfileCount("TNI", 0), new ProfileCount("POLRI", 0), new ProfileCount("Swasta", 4), new ProfileCount("Wirausaha", 3), new ProfileCount("Pelajar/Mahasiswa", 1), new ProfileCount("Lainnya", 1)]),
            suggestions ??
            [
                new SuggestionRow(new DateOnly(2025, 8, 1), "KTP elektronik", "Pelayanan cepat, terima kasih"),
                new SuggestionRow(new DateOnly(2025, 8, 2), "Akta kelahiran", Injection),
            ],
            followUps ??
            [
                new FollowUpRow("U3", "Menambah loket perekaman KTP-el", "2026 Triwulan I", "Kepala Disdukcapil", "Direncanakan", null),
                new FollowUpRow("U8", "Menyediakan kanal pengaduan daring", "2026 Triwulan II", "Kepala MPP", "Berjalan", "SK kepala MPP No. 12/2026"),
            ]);
    }

    public static byte[] WriteMall(MallWorkbookData data)
    {
        using var stream = new MemoryStream();
        MallWorkbook.Write(data, stream);
        return stream.ToArray();
    }

    public static byte[] WriteNational(NationalWorkbookData data)
    {
        using var stream = new MemoryStream();
        NationalWorkbook.Write(data, stream);
        return stream.ToArray();
    }

    public static XLWorkbook Open(byte[] file) => new(new MemoryStream(file));

    /// <summary>The row whose column A holds exactly <paramref name="label"/>.</summary>
    public static IXLRow RowLabelled(IXLWorksheet sheet, string label) =>
        sheet.Row(sheet.Column(1).CellsUsed().First(c => c.GetString() == label).Address.RowNumber);
}
