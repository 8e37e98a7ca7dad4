using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Reporting.SemesterReport;
using MppSurvey.IntegrationTests.Dashboards;
using MppSurvey.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The semester report end to end on the dashboard's three MPPs: the workbook job stores it beside the
/// workbook, it holds the stored IKM as the dashboard shows it, /laporan/{regency}/{period}.docx answers
/// every role as the workbook download does, and odd paths are 404, never 500.
/// </summary>
public sealed class SemesterReportTests(DashboardTests.Fixture app, ITestOutputHelper output) : IClassFixture<DashboardTests.Fixture>
{
    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    private SignedInClients? _clients;

    private Task<HttpClient> ClientAsync(string? email) => (_clients ??= new SignedInClients(app, DashboardTests.Password)).ForAsync(email);

    private async Task<IndexResult> StoredAsync(string regency, string period)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.AsNoTracking()
            .SingleAsync(r => r.UnitKind == UnitKind.Mall && r.UnitKey == regency && r.PeriodCode == period && r.TemplateCode == "skm");
    }

    internal static string BodyText(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        return string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    [Fact]
    public async Task The_workbook_job_stores_the_report_beside_the_workbook_with_the_stored_IKM_and_grade()
    {
        var stored = await StoredAsync("35.17", "2025-S2");
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkbookJob>().RunAsync(["2025-S2"]);
        }

        await using var check = app.Scope();
        var files = await app.Db(check).StoredWorkbooks.AsNoTracking()
            .Where(w => w.UnitKey == "35.17" && w.PeriodCode == "2025-S2").ToListAsync();
        Assert.Contains(files, f => f.Kind == WorkbookKind.Mall);
        var report = Assert.Single(files, f => f.Kind == WorkbookKind.SemesterReport);
        var text = BodyText(report.Content);
        Assert.Contains($"adalah {stored.Converted.ToString("0.00", Indonesian)}, mutu pelayanan {stored.Grade} (", text);
        Assert.Contains("dihitung dari 100 responden", text);
        // Population 500 as entered: Krejcie & Morgan 217.
        Assert.Contains("sebanyak 500 orang", text);
        Assert.Contains("adalah 217 responden", text);
        foreach (var heading in SemesterReportDocumentHeadings)
        {
            Assert.Contains(heading, text);
        }
    }

    /// <summary>The chapter headings (the unit tests check their order and style).</summary>
    internal static readonly string[] SemesterReportDocumentHeadings =
    [
        "BAB I PENDAHULUAN", "1.2 Dasar Hukum", "BAB II METODE SURVEI", "BAB III HASIL SURVEI", "3.4 Profil Responden", "3.5 Tren IKM",
        "BAB IV ANALISIS", "BAB V RENCANA TINDAK LANJUT", "PENUTUP", "LAMPIRAN",
    ];

    public static TheoryData<string, string?, string> Matrix() => new()
    {
        // path, user (null: anonymous), expected outcome
        { "/laporan/35.17/2026-S1.docx", null, "login" },
        { "/laporan/35.17/2026-S1.docx", "bupati@uji.test", "file" },
        { "/laporan/35.17/2026-S1.docx", "mpp@uji.test", "file" },
        { "/laporan/35.17/2026-S1.docx", "deputi@uji.test", "file" },
        { "/laporan/35.17/2026-S1.docx", "admin@uji.test", "file" },
        { "/laporan/52.72/2026-S1.docx", "bupati@uji.test", "denied" },
        { "/laporan/52.72/2026-S1.docx", "mpp@uji.test", "denied" },
        { "/laporan/52.72/2026-S1.docx", "deputi@uji.test", "file" },
        { "/laporan/35.17/2027-S1.docx", "bupati@uji.test", "missing" },
        { "/laporan/35.17/2024-S1.docx", "admin@uji.test", "missing" },
        { "/laporan/99.99/2026-S1.docx", "deputi@uji.test", "missing" },
        { "/laporan/99.99/2026-S1.docx", "bupati@uji.test", "denied" },
        { "/laporan/%E2%80%AE35.17/2026-S1.docx", "bupati@uji.test", "denied" },
        { "/laporan/%E2%80%AE35.17/2026-S1.docx", "deputi@uji.test", "missing" },
        { "/laporan/%27%3B%20DROP%20TABLE%20stored_workbooks%3B--/2026-S1.docx", "mpp@uji.test", "denied" },
        { "/laporan/%27%3B%20DROP%20TABLE%20stored_workbooks%3B--/2026-S1.docx", "admin@uji.test", "missing" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Hostile_the_download_answers_every_role_and_odd_regency_as_the_workbook_download_does(string path, string? email, string expected)
    {
        var client = await ClientAsync(email);

        var response = await client.GetAsync(path);
        var workbook = await client.GetAsync(path.Replace(".docx", ".xlsx", StringComparison.Ordinal));

        // The same access rules as the workbook: the same answer to the same request.
        Assert.Equal(workbook.StatusCode, response.StatusCode);
        Assert.Equal(workbook.Headers.Location?.AbsolutePath(), response.Headers.Location?.AbsolutePath());
        switch (expected)
        {
            case "file":
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(SemesterReportDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
                var stored = await StoredAsync(Uri.UnescapeDataString(path.Split('/')[2]), "2026-S1");
                Assert.Contains($"adalah {stored.Converted.ToString("0.00", Indonesian)}, mutu pelayanan {stored.Grade}", BodyText(await response.Content.ReadAsByteArrayAsync()));
                break;
            case "login":
                // A file download wants a status, not a login page a browser would save as the .docx.
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                break;
            case "denied":
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                break;
        }
    }

    [Theory]
    [InlineData("/laporan/35.17/20\u0662\u0666-S1.docx")]
    [InlineData("/laporan/35.17/2026-S\u0661.docx")]
    [InlineData("/laporan/35.17/2026-S3.docx")]
    [InlineData("/laporan/35.17/%3Cscript%3E.docx")]
    [InlineData("/laporan/35.17/2026-S1%0A.docx")]
    [InlineData("/laporan/35.17/..%2F..%2Fetc%2Fpasswd.docx")]
    [InlineData("/laporan/35.17/2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1-2026-S1.docx")]
    public async Task Hostile_or_careless_a_period_that_is_not_one_is_not_found_never_an_error(string url)
    {
        var client = await ClientAsync("mpp@uji.test");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Every heading of the report, in order (the unit tests check their style).</summary>
    private static readonly string[] AllHeadings =
    [
        "BAB I PENDAHULUAN", "1.1 Latar Belakang", "1.2 Dasar Hukum", "1.3 Maksud dan Tujuan",
        "BAB II METODE SURVEI", "2.1 Populasi dan Sampel", "2.2 Periode Survei", "2.3 Unsur Pelayanan", "2.4 Pengolahan Data",
        "BAB III HASIL SURVEI", "3.1 Indeks Kepuasan Masyarakat", "3.2 Nilai per Unsur Pelayanan", "3.3 Hasil per Instansi dan Layanan",
        "3.4 Profil Responden", "3.5 Tren IKM",
        "BAB IV ANALISIS", "4.1 Unsur dengan Nilai Terendah", "4.2 Saran Pengunjung Periode Ini", "4.3 Suara Warga: Tema Saran",
        "BAB V RENCANA TINDAK LANJUT", "PENUTUP", "LAMPIRAN", "Lampiran 1. Tabel Pengolahan Data",
    ];

    /// <summary>
    /// The report opens in LibreOffice: the downloaded file is converted to PDF by headless Writer (a
    /// private profile per run, so parallel runs do not share a lock; two minutes at most) and the PDF's
    /// text (pdftotext) holds every heading and the stored IKM. .ci/ensure-packages libreoffice-writer
    /// installs both tools on a fresh machine.
    /// </summary>
    [Fact]
    public async Task The_report_converts_to_PDF_in_LibreOffice_and_the_PDF_holds_every_heading_and_the_stored_IKM()
    {
        var stored = await StoredAsync("35.17", "2026-S1");
        var client = await ClientAsync("bupati@uji.test");
        var docx = await client.GetByteArrayAsync("/laporan/35.17/2026-S1.docx");
        var dir = Directory.CreateTempSubdirectory("mppsurvey-report-pdf-");
        try
        {
            var input = Path.Combine(dir.FullName, "laporan.docx");
            await File.WriteAllBytesAsync(input, docx);
            var watch = Stopwatch.StartNew();
            await RunAsync("soffice", TimeSpan.FromMinutes(2),
                "-env:UserInstallation=file://" + Path.Combine(dir.FullName, "profile"), "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", dir.FullName, input);
            output.WriteLine($"LibreOffice conversion of the semester report: {watch.ElapsedMilliseconds} ms");
            var pdf = Path.Combine(dir.FullName, "laporan.pdf");
            Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");

            var text = Regex.Replace(await RunAsync("pdftotext", TimeSpan.FromSeconds(30), pdf, "-"), @"\s+", " ");

            foreach (var heading in AllHeadings)
            {
                Assert.Contains(heading, text);
            }
            Assert.Contains($"adalah {stored.Converted.ToString("0.00", Indonesian)}, mutu pelayanan {stored.Grade}", text);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string file, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} took longer than {limit.TotalSeconds} s");
        }
        Assert.True(process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    [Fact]
    public async Task The_dashboard_links_the_report_beside_the_workbook()
    {
        var client = await ClientAsync("bupati@uji.test");

        var html = await client.GetStringAsync("/dasbor/35.17");

        Assert.Contains("id=\"workbook\" href=\"/laporan/35.17/2026-S1.xlsx\"", html);
        Assert.Contains("id=\"report\" href=\"/laporan/35.17/2026-S1.docx\"", html);
    }
}

internal static class UriPaths
{
    /// <summary>The path of a Location header, relative or absolute.</summary>
    public static string AbsolutePath(this Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
}
