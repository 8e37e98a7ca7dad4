using Microsoft.AspNetCore.Http.HttpResults;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Reporting.SemesterReport;

namespace MppSurvey.Web.Reports;

/// <summary>
/// GET /laporan/{regency}/{period}.xlsx (the regional head's workbook) and
/// GET /laporan/nasional/{period}.xlsx (the ministry's), and GET /laporan/{regency}/{period}.docx (the
/// MPP's semester report, under the same rules as its workbook). The stored file is served whole; when none
/// exists yet it is generated on the spot and stored.
/// </summary>
public static class WorkbookDownloads
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapWorkbookDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/laporan").RequireAuthorization();

        group.MapGet("/nasional/{period}.xlsx", async Task<Results<FileContentHttpResult, NotFound>> (string period, WorkbookJob workbooks, CancellationToken ct) =>
        {
            var content = await workbooks.StoredAsync(WorkbookKind.National, "ID", period, ct) ?? await workbooks.GenerateNationalAsync(period, ct);
            return content is null ? TypedResults.NotFound() : TypedResults.File(content, Xlsx, $"IKM-nasional-{period}.xlsx");
        }).RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.Ministry));

        group.MapGet("/{regency}/{period}.xlsx", (string regency, string period, HttpContext http, WorkbookJob workbooks, CancellationToken ct) =>
            MallFileAsync(http, regency, period, WorkbookKind.Mall, () => workbooks.GenerateMallAsync(regency, period, ct), Xlsx, $"IKM-{regency}-{period}.xlsx", workbooks, ct));

        group.MapGet("/{regency}/{period}.docx", (string regency, string period, HttpContext http, WorkbookJob workbooks, CancellationToken ct) =>
            MallFileAsync(http, regency, period, WorkbookKind.SemesterReport, () => workbooks.GenerateReportAsync(regency, period, ct),
                SemesterReportDocument.ContentType, $"Laporan-SKM-{regency}-{period}.docx", workbooks, ct));
    }

    /// <summary>
    /// One MPP's file for one period (the workbook or the semester report): the same access rule, the
    /// stored copy first, and the same answer when the stored snapshot is older than the index.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, RedirectHttpResult>> MallFileAsync(
        HttpContext http, string regency, string period, WorkbookKind kind, Func<Task<byte[]?>> generate, string contentType, string fileName,
        WorkbookJob workbooks, CancellationToken ct)
    {
        if (!http.User.MaySee(regency))
        {
            return TypedResults.Forbid();
        }
        try
        {
            var content = await workbooks.StoredAsync(kind, regency, period, ct) ?? await generate();
            return content is null ? TypedResults.NotFound() : TypedResults.File(content, contentType, fileName);
        }
        catch (SnapshotOutdatedException)
        {
            // A page that says what happens next, rather than an error: the next index run fixes it.
            return TypedResults.Redirect("/laporan/diperbarui?periode=" + Uri.EscapeDataString(period));
        }
    }
}
