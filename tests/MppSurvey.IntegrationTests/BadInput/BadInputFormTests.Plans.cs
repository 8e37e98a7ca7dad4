using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>Bad input on the follow-up plan form and a NUL in any form field.</summary>
public sealed partial class BadInputFormTests
{
    // ---------------------------------------------------------------- follow-up plan

    [GeneratedRegex("<tr>(?<row>(?:(?!</tr>).)*)</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<span class=\"field-error\" role=\"alert\">(?<text>.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex RowErrorSpan();

    /// <summary>The error shown in the plan's row <paramref name="row"/> (beside its element), null when that row has none.</summary>
    private static string? RowErrorOf(string html, int row)
    {
        var tr = TableRow().Matches(html).Select(m => m.Groups["row"].Value)
            .Single(r => r.Contains($"name=\"Rows[{row}].ElementCode\"", StringComparison.Ordinal));
        return RowErrorSpan().Match(tr) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["text"].Value) : null;
    }

    public static TheoryData<string, string, string, string, string, string, string> BadPlanRows => new()
    {
        { "no element", "", "Tambah loket", "2026-Q1", "Planned", "id", "Pilih unsur U1..U9." },
        { "element U10, in English", "U10", "Add a counter", "2026-Q1", "Planned", "en", "Choose an element U1..U9." },
        { "an existing action emptied to spaces", "U3", "    ", "2026-Q1", "Planned", "id", "Tuliskan tindakannya (paling banyak 1000 karakter)." },
        { "an action of 1001 characters, in English", "U3", "{1001}", "2026-Q1", "Planned", "en", "Describe the action (at most 1000 characters)." },
        { "a timeline of 41 characters", "U3", "Tambah loket", "{41}", "Planned", "id", "Terlalu panjang: jadwal paling banyak 40, penanggung jawab 120, catatan bukti 1000 karakter." },
        { "status 99", "U3", "Tambah loket", "2026-Q1", "99", "id", "Status tidak dikenal." },
        { "a status that is not one, in English", "U3", "Tambah loket", "2026-Q1", "Rahasia", "en", "Unknown status." },
        { "an escape sequence in the evidence note, in English", "U3", "Tambah loket", "2026-Q1", "Done", "en", "Text cannot contain control characters." },
        { "a control character in the timeline, in English", "U3", "Tambah loket", "2026\u0007Q1", "Planned", "en", "Text cannot contain control characters." },
    };

    [Theory]
    [MemberData(nameof(BadPlanRows))]
    public async Task Form_follow_up_plan_with_a_bad_row_shows_the_message_in_that_row_and_saves_no_row_at_all(
        string wrong, string element, string action, string timeline, string status, string culture, string message)
    {
        var client = await App.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await App.CountsAsync();
        var query = $"mpp={ApiFixture.Regency}&periode={App.OpenPeriod}" + (culture == "en" ? "&culture=en" : "");
        // A good row first: all or nothing means it is not saved either.
        var form = new List<KeyValuePair<string, string>>
        {
            new("Rows[0].ElementCode", "U1"), new("Rows[0].Action", "Perbaiki papan <script>informasi</script>"), new("Rows[0].Timeline", "2026-Q2"),
            new("Rows[0].PersonInCharge", "Kepala MPP"), new("Rows[0].Status", "InProgress"),
            new("Rows[1].ElementCode", element), new("Rows[1].Action", action.Replace("{1001}", new string('a', 1001), StringComparison.Ordinal)),
            new("Rows[1].Timeline", timeline.Replace("{41}", new string('t', 41), StringComparison.Ordinal)),
            new("Rows[1].PersonInCharge", "Sekretaris"), new("Rows[1].Status", status),
        };
        if (wrong.Contains("existing", StringComparison.Ordinal))
        {
            // A new row left without an action is a draft row, skipped by design; an existing row cannot be emptied.
            form.Add(new("Rows[1].Id", App.FollowUpActionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (wrong.Contains("evidence", StringComparison.Ordinal))
        {
            form.Add(new("Rows[1].EvidenceNote", "Foto \u001b[2J papan"));
        }

        var response = await PostAsync(client, "/Admin/TindakLanjut", null, form, query);

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Equal(message, RowErrorOf(html, 1));
        Assert.Null(RowErrorOf(html, 0));
        // The good row comes back as typed, escaped.
        Assert.Contains("value=\"Perbaiki papan &lt;script&gt;informasi&lt;/script&gt;\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.CountsAsync());
        Assert.Equal(BadInputFixture.FollowUpActionText,
            await App.DbAsync(db => db.FollowUpActions.Where(a => a.Id == App.FollowUpActionId).Select(a => a.Action).SingleAsync()));
    }

    [Fact]
    public async Task Form_follow_up_plan_with_a_row_id_that_is_not_a_number_is_refused_and_saves_nothing()
    {
        var client = await App.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await App.CountsAsync();
        var form = new List<KeyValuePair<string, string>>
        {
            new("Rows[0].Id", "satu"), new("Rows[0].ElementCode", "U2"), new("Rows[0].Action", "Ubah jam layanan"), new("Rows[0].Status", "Planned"),
        };

        var response = await PostAsync(client, "/Admin/TindakLanjut", null, form, $"mpp={ApiFixture.Regency}&periode={App.OpenPeriod}");

        // A row id is only ever the page's own hidden field: anything else is a forged form, as an id of another MPP is.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await App.CountsAsync());
    }

    /// <summary>(case, who, page with query, "url" or "multipart" or "get", fields; \0 marks the NUL).</summary>
    public static TheoryData<string, string?, string, string, string> NulInputs => new()
    {
        { "a NUL in a url-encoded agency name", BadInputFixture.MppAdmin, "/Admin/Instansi?handler=AddAgency", "url", "Name=Dinas\0Pajak" },
        { "a NUL in a url-encoded follow-up action", BadInputFixture.MppAdmin, "/Admin/TindakLanjut?mpp=35.17&periode={open}", "url", "Rows[0].ElementCode=U1&Rows[0].Status=Planned&Rows[0].Action=Tambah\0loket" },
        { "a NUL in a multipart follow-up action", BadInputFixture.MppAdmin, "/Admin/TindakLanjut?mpp=35.17&periode={open}", "multipart", "Rows[0].ElementCode=U1&Rows[0].Status=Planned&Rows[0].Action=Tambah\0loket" },
        { "a NUL in a multipart login email", null, "/Account/Login", "multipart", "Input.Email=bupati\0@korpus.test&Input.Password=x" },
        { "a NUL in a multipart invitation email", BadInputFixture.Admin, "/Admin/Pengguna?handler=Invite", "multipart", "Input.Email=baru\0@korpus.test&Input.DisplayName=Baru&Input.Role=Ministry" },
        { "a NUL in a multipart invitation regency", BadInputFixture.Admin, "/Admin/Pengguna?handler=Invite", "multipart", "Input.Email=kepala.nul@korpus.test&Input.DisplayName=Baru&Input.Role=RegionalHead&Input.RegencyCode=35.17\0" },
        { "a NUL in the MPP chosen in the query", BadInputFixture.Admin, "/Admin/Instansi?mpp=35.17%00", "get", "" },
        { "a NUL in the historic import's MPP", BadInputFixture.Admin, "/Admin/Import", "multipart", "RegencyCode=35.17\0&PeriodCode=2024-S1" },
    };

    [Theory]
    [MemberData(nameof(NulInputs))]
    public async Task Form_a_NUL_in_any_form_field_or_the_query_is_refused_with_400_and_writes_nothing(string wrong, string? email, string target, string how, string fields)
    {
        var client = email is null ? LoginClient.Anonymous(App) : await App.SignedInAsync(email);
        var before = await App.CountsAsync();
        var url = target.Replace("{open}", App.OpenPeriod, StringComparison.Ordinal);
        var page = url.Split('?')[0];
        var values = fields.Length == 0 ? [] : fields.Split('&').Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1].Replace("\\0", "\0", StringComparison.Ordinal))).ToList();
        var token = await LoginClient.AntiforgeryTokenAsync(client, page);

        HttpResponseMessage response;
        if (how == "get")
        {
            response = await client.GetAsync(url);
        }
        else if (how == "url")
        {
            response = await client.PostAsync(url, new FormUrlEncodedContent(values.Append(new("__RequestVerificationToken", token))));
        }
        else
        {
            using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
            foreach (var (key, value) in values)
            {
                form.Add(new StringContent(value), key);
            }
            response = await client.PostAsync(url, form);
        }

        // A NUL is never meaningful (PostgreSQL cannot even compare it): the framework refuses it in a url-encoded
        // form, and the App's page filter in a multipart form and the query, before any handler runs.
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{wrong}: {(int)response.StatusCode}");
        Assert.Equal(before, await App.CountsAsync());
    }

    // ---------------------------------------------------------------- periods
}
