using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.FollowUp;
using MppSurvey.IntegrationTests.Admin;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.FollowUp;

/// <summary>
/// /Admin/TindakLanjut (the follow-up plan) asked the two questions: what does a hostile request do
/// (another MPP's row id in the hidden field, a replayed save) and what does a careless user do
/// (double click on Simpan, the back button after a save or a removal, two tabs editing one row,
/// an empty form)?
/// </summary>
[Collection(FormCollection.Name)]
public sealed partial class FollowUpFormTests(FormFixture app)
{
    private const string Page = "/Admin/TindakLanjut";

    private string Query => $"mpp={FormFixture.Regency}&periode={app.OpenPeriod}";

    private string PageWithQuery => $"{Page}?{Query}";

    private Task<long> ActionAsync(string element, string text) => app.DbAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var action = new FollowUpAction
        {
            MallId = app.MallId, PeriodCode = app.OpenPeriod, ElementCode = element, Action = text, Timeline = "2026-Q4",
            PersonInCharge = "Kepala MPP", CreatedAt = now, UpdatedAt = now,
        };
        db.FollowUpActions.Add(action);
        await db.SaveChangesAsync();
        return action.Id;
    });

    private Task<List<string>> ActionsNamedAsync(string prefix) =>
        app.DbAsync(db => db.FollowUpActions.Where(a => a.MallId == app.MallId && a.Action.StartsWith(prefix)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    private static List<KeyValuePair<string, string>> Row(int i, string element, string action, long? id = null, long? stamp = null)
    {
        var row = new List<KeyValuePair<string, string>>
        {
            new($"Rows[{i}].ElementCode", element), new($"Rows[{i}].Action", action), new($"Rows[{i}].Timeline", "2026-Q4"),
            new($"Rows[{i}].PersonInCharge", "Kepala MPP"), new($"Rows[{i}].Status", "Planned"),
        };
        if (id is long n)
        {
            row.Add(new($"Rows[{i}].Id", n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (stamp is long s)
        {
            row.Add(new($"Rows[{i}].Stamp", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return row;
    }

    [GeneratedRegex("<tr>(?<row>(?:(?!</tr>).)*)</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<span class=\"field-error\" role=\"alert\">(?<text>.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex RowError();

    private static string? RowErrorOf(string html, int row) =>
        RowError().Match(TableRow().Matches(html).Select(m => m.Groups["row"].Value).Single(r => r.Contains($"name=\"Rows[{row}].ElementCode\"", StringComparison.Ordinal)))
            is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["text"].Value) : null;

    [Theory]
    [InlineData("", "Baris ini diubah atau dihapus orang lain sementara itu. Muat ulang halaman, lalu ulangi perubahan Anda.")]
    [InlineData("en", "Someone else changed or removed this row meanwhile. Reload the page, then make your change again.")]
    public async Task Careless_two_tabs_editing_one_row_the_second_save_is_refused_beside_the_row_not_overwriting_the_first(string culture, string message)
    {
        var prefix = "Dua tab " + culture;
        var id = await ActionAsync("U3", prefix + " asli");
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var stamp = await app.DbAsync(db => db.FollowUpActions.Where(a => a.Id == id).Select(a => a.UpdatedAt).SingleAsync());
        Assert.Contains($"value=\"{stamp.UtcTicks}\"", await client.GetStringAsync(PageWithQuery), StringComparison.Ordinal);

        var first = await PostAsync(client, Page, null, Row(0, "U3", prefix + " pertama", id, stamp.UtcTicks), Query);
        var second = await PostAsync(client, Page, null, Row(0, "U3", prefix + " kedua", id, stamp.UtcTicks), Query + (culture.Length > 0 ? "&culture=en" : ""));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(message, RowErrorOf(await second.Content.ReadAsStringAsync(), 0));
        Assert.Equal([prefix + " pertama"], await ActionsNamedAsync(prefix));
    }

    [Fact]
    public async Task Hostile_a_replayed_save_with_a_new_row_adds_the_row_once()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var save = await WithTokenAsync(client, PageWithQuery, Row(0, "U4", "Ulang-kirim: perbaiki pendingin ruangan"));

        var first = await ReplayAsync(client, PageWithQuery, save);
        var replay = await ReplayAsync(client, PageWithQuery, save);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Single(await ActionsNamedAsync("Ulang-kirim:"));
    }

    [Fact]
    public async Task Careless_a_triple_click_on_save_adds_each_new_row_once()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, PageWithQuery, PageWithQuery, Row(0, "U5", "Tiga klik: tambah kursi").Concat(Row(1, "U6", "Tiga klik: papan antrean")));

        AssertNoServerError(answers);
        Assert.Equal(["Tiga klik: tambah kursi", "Tiga klik: papan antrean"], await ActionsNamedAsync("Tiga klik:"));
    }

    [Fact]
    public async Task Careless_the_back_button_after_an_edit_or_a_removal_sends_the_form_again_without_harm()
    {
        var edited = await ActionAsync("U7", "Kembali: ubah jam");
        var removed = await ActionAsync("U8", "Kembali: hapus aku");
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var stamp = await app.DbAsync(db => db.FollowUpActions.Where(a => a.Id == edited).Select(a => a.UpdatedAt.UtcTicks).SingleAsync());
        var removeStamp = await app.DbAsync(db => db.FollowUpActions.Where(a => a.Id == removed).Select(a => a.UpdatedAt.UtcTicks).SingleAsync());
        var form = Row(0, "U7", "Kembali: ubah jam buka", edited, stamp)
            .Concat(Row(1, "U8", "Kembali: hapus aku", removed, removeStamp)).Append(new("Rows[1].Remove", "true"));
        var save = await WithTokenAsync(client, PageWithQuery, form);

        var first = await ReplayAsync(client, PageWithQuery, save);
        var again = await ReplayAsync(client, PageWithQuery, save);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(["Kembali: ubah jam buka"], await ActionsNamedAsync("Kembali:"));
    }

    [Fact]
    public async Task Hostile_another_MPPs_row_id_in_the_hidden_field_is_not_found_and_nothing_is_written()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.FollowUpActions.CountAsync());

        var response = await PostAsync(client, Page, null, Row(0, "U2", "Diambil alih", app.BimaFollowUpId, 0).Concat(Row(1, "U1", "Asing: baris baru")), Query);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Rencana Bima", await app.DbAsync(db => db.FollowUpActions.Where(a => a.Id == app.BimaFollowUpId).Select(a => a.Action).SingleAsync()));
        Assert.Equal(before, await app.DbAsync(db => db.FollowUpActions.CountAsync()));
    }

    [Fact]
    public async Task Careless_an_empty_form_saves_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.FollowUpActions.CountAsync());

        var response = await PostAsync(client, Page, null, Row(0, "", "").Concat(Row(1, "U1", "   ")), Query);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await app.DbAsync(db => db.FollowUpActions.CountAsync()));
    }
}
