using Microsoft.AspNetCore.Http.Features;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// The historic import's upload limit, said beside the file field instead of as a bare 413/400:
/// a POST to /Admin/Import whose Content-Length exceeds the limit never reaches the page (the
/// antiforgery check would fail reading the cut-off form). Its body is read and discarded (up to a
/// bound, so the browser, still sending, reads the answer rather than a reset connection) and the
/// browser is sent back to the form with the message. Nothing of the file is kept.
/// </summary>
public static class ImportUploadLimit
{
    public const string PagePath = "/Admin/Import";
    public const string QueryKey = "upload";
    public const string TooLarge = "too-large";

    /// <summary>The file limit plus room for the form's other fields and the multipart headers.</summary>
    public const long MaxRequestBytes = ImportModel.MaxFileBytes + 64 * 1024;

    /// <summary>Beyond this the rest of the body is not worth reading: the connection is simply closed after the answer.</summary>
    private const long MaxDrainBytes = 8 * MaxRequestBytes;

    public static IApplicationBuilder UseImportUploadLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(PagePath, StringComparison.OrdinalIgnoreCase)
                || request.ContentLength is not long length || length <= MaxRequestBytes)
            {
                await next(http);
                return;
            }
            if (length <= MaxDrainBytes)
            {
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = MaxDrainBytes;
                }
                await request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
            }
            var culture = request.Query["culture"].ToString();
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = $"{PagePath}?{QueryKey}={TooLarge}"
                + (culture.Length > 0 ? "&culture=" + Uri.EscapeDataString(culture) : "");
        });
}
