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

        group.MapGet("/{regency}/{period}.xlsx", async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, RedirectHttpResult>> (
            string regency, string period, HttpContext http, WorkbookJob workbooks, CancellationToken ct) =>
        {
            if (!http.User.MaySee(regency))
            {
                return TypedResults.Forbid();
            }
            try
            {
                var content = await workbooks.StoredAsync(WorkbookKind.Mall, regency, period, ct) ?? await workbooks.GenerateMallAsync(regency, period, ct);
                return content is null ? TypedResults.NotFound() : TypedResults.File(content, Xlsx, $"IKM-{regency}-{period}.xlsx");
            }
            catch (SnapshotOutdatedException)
            {
                // A page that says what happens next, rather than an error: the next index run fixes it.
                return TypedResults.Redirect("/laporan/diperbarui?periode=" + Uri.EscapeDataString(period));
            }
        });

        group.MapGet("/{regency}/{period}.docx", async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, RedirectHttpResult>> (
            string regency, string period, HttpContext http, WorkbookJob workbooks, CancellationToken ct) =>
        {
            if (!http.User.MaySee(regency))
            {
                return TypedResults.Forbid();
            }
            try
            {
                var content = await workbooks.StoredAsync(WorkbookKind.SemesterReport, regency, period, ct) ?? await workbooks.GenerateReportAsync(regency, period, ct);
                return content is null
                    ? TypedResults.NotFound()
                    : TypedResults.File(content, SemesterReportDocument.ContentType, $"Laporan-SKM-{regency}-{period}.docx");
            }
            catch (SnapshotOutdatedException)
            {
                return TypedResults.Redirect("/laporan/diperbarui?periode=" + Uri.EscapeDataString(period));
            }
        });
    }
}
