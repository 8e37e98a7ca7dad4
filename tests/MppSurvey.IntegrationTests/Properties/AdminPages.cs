using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// The administrator's actions, posted through the real pages with their antiforgery token, in one
/// place so the form field names are easy to adapt. The confirmation fields the fixed pages will
/// require (Confirmed, ConfirmPublish, Active) are sent already: extra form fields are ignored today.
/// </summary>
public sealed partial class AdminPages(HttpClient admin)
{
    public HttpClient Client => admin;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("/Admin/Templat/Draf/(\\d+)")]
    private static partial Regex DraftPattern();

    private async Task<string> TokenAsync(string page)
    {
        using var response = await admin.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        return TokenPattern().Match(html).Groups[1].Value;
    }

    private async Task<HttpResponseMessage> PostAsync(string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenAsync(page);
        return await admin.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public Task<HttpResponseMessage> CloseAsync(string regency, string period) =>
        PostAsync($"/Admin/Periode?mpp={regency}", "/Admin/Periode?handler=Close", new()
        {
            ["mpp"] = regency,
            ["PeriodCode"] = period,
            ["Confirmed"] = "true",
            // Closing before the period ends will need an explicit early close with a reason.
            ["CloseEarly"] = "true",
            ["Reason"] = "Uji sifat: penutupan dari urutan acak",
        });

    public Task<HttpResponseMessage> PublishAsync(string regency, string period) =>
        PostAsync($"/Admin/Periode?mpp={regency}", "/Admin/Periode?handler=Publish", new()
        {
            ["mpp"] = regency,
            ["PeriodCode"] = period,
            ["Confirmed"] = "true",
            ["ConfirmPublish"] = "true",
        });

    /// <summary>Sets a service's state; posts only when it changes, so today's toggle and the explicit Active field agree.</summary>
    public Task<HttpResponseMessage> SetServiceActiveAsync(string regency, int serviceId, bool active) =>
        PostAsync($"/Admin/Instansi?mpp={regency}", "/Admin/Instansi?handler=ToggleService", new()
        {
            ["mpp"] = regency,
            ["ServiceId"] = serviceId.ToString(CultureInfo.InvariantCulture),
            ["Active"] = active ? "true" : "false",
        });

    public async Task<HttpResponseMessage> ImportAsync(string regency, string period, int? serviceId, string csv, string fileName)
    {
        var token = await TokenAsync("/Admin/Import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(regency), "RegencyCode" },
            { new StringContent(period), "PeriodCode" },
            { new StringContent(serviceId?.ToString(CultureInfo.InvariantCulture) ?? ""), "ServiceId" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", fileName },
        };
        return await admin.PostAsync("/Admin/Import", form);
    }

    /// <summary>Drafts a new version of the national template from <paramref name="versionId"/> and publishes it unchanged.</summary>
    public async Task<(HttpResponseMessage Draft, HttpResponseMessage? Publish)> NewTemplateVersionAsync(int versionId)
    {
        var draft = await PostAsync("/Admin/Templat", "/Admin/Templat?handler=NewVersion", new()
        {
            ["VersionId"] = versionId.ToString(CultureInfo.InvariantCulture),
        });
        if (draft.StatusCode != HttpStatusCode.Redirect || DraftPattern().Match(draft.Headers.Location?.ToString() ?? "") is not { Success: true } m)
        {
            return (draft, null);
        }
        var page = $"/Admin/Templat/Draf/{m.Groups[1].Value}";
        var publish = await PostAsync(page, page + "?handler=Publish", new()
        {
            ["ConfirmPublish"] = "true",
            ["Confirmed"] = "true",
        });
        return (draft, publish);
    }

    public Task<HttpResponseMessage> RunIndexJobAsync(string? period) =>
        PostAsync("/Admin/Indices", "/Admin/Indices", new()
        {
            ["period"] = period ?? "",
            ["includeFlagged"] = "false",
        });

    public static async Task<AdminPages> SignInAsync(AppFixture app) =>
        new(await LoginClient.SignedInAsync(app, PipelineFixture.AdminEmail, PipelineFixture.Password));
}
