using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Themes;
using MppSurvey.IntegrationTests.Api;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// /Admin/Tema (an MPP's own words for the suggestion themes): the words reach ingest and the stored
/// suggestions, and the two questions: what a hostile request does (another MPP in the hidden field,
/// another MPP's term id, markup and SQL in the term, the ministry posting) and what a careless user
/// does (empty, too long, too short, pasted invisible characters, a word already there, a double click).
/// </summary>
[Collection(FormCollection.Name)]
public sealed class ThemeTermFormTests(FormFixture app)
{
    private const string Page = "/Admin/Tema";

    private Task<List<string>> TermsAsync(int mallId) =>
        app.DbAsync(db => db.ThemeTerms.Where(t => t.MallId == mallId).OrderBy(t => t.Id).Select(t => t.Term).ToListAsync());

    private async Task<Guid> SendAsync(string suggestion)
    {
        var body = ApiCalls.ValidBody(app);
        body["suggestion"] = suggestion;
        var response = await ApiCalls.PostAsync(app.CreateClient(), body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_added_word_classifies_new_and_stored_suggestions_and_is_audited_and_its_removal_too()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await SendAsync("loket tiga melompong terus");
        Assert.Equal(SuggestionTheme.None, (await app.StoredAsync(before))!.Themes);

        var add = await PostAsync(client, Page, "Add", Of(("Theme", "conduct"), ("Term", "  Melompong  ")));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        await app.WaitForJobsIdleAsync();

        Assert.Equal(SuggestionTheme.Conduct, (await app.StoredAsync(before))!.Themes);
        Assert.Equal(SuggestionTheme.Conduct, (await app.StoredAsync(await SendAsync("loketnya MELOMPONG")))!.Themes);
        Assert.Contains("melompong", await TermsAsync(app.MallId));
        Assert.Single(await app.AuditAsync("theme-term.add"), t => t == "conduct: melompong");
        Assert.Contains("melompong", await client.GetStringAsync(Page));

        var id = await app.DbAsync(db => db.ThemeTerms.Where(t => t.MallId == app.MallId && t.Term == "melompong").Select(t => t.Id).SingleAsync());
        var remove = await PostAsync(client, Page, "Remove", Of(("TermId", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var again = await PostAsync(client, Page, "Remove", Of(("TermId", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await app.WaitForJobsIdleAsync();
        Assert.Equal(SuggestionTheme.None, (await app.StoredAsync(before))!.Themes);
        Assert.Single(await app.AuditAsync("theme-term.remove"), t => t == "conduct: melompong");
    }

    [Theory]
    [InlineData("", "Isi kata atau frasa.")]
    [InlineData("   ", "Isi kata atau frasa.")]
    [InlineData("a", "Kata terlalu pendek: paling sedikit 3 huruf, agar tidak cocok dengan hampir semua saran.")]
    [InlineData("!!!", "Isi kata atau frasa.")]
    [InlineData("12345", "Kata terlalu pendek: paling sedikit 3 huruf, agar tidak cocok dengan hampir semua saran.")]
    [InlineData("ab\u0007cd", "Kata tidak boleh berisi karakter kendali.")]
    [InlineData("ca\u200Blo", "Kata berisi karakter tak terlihat atau tidak dikenal; ketik ulang tanpa menyalin.")]
    [InlineData("ca\uE000lo", "Kata berisi karakter tak terlihat atau tidak dikenal; ketik ulang tanpa menyalin.")]
    public async Task Careless_bad_words_get_a_message_beside_the_field_and_add_nothing(string term, string message)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await TermsAsync(app.MallId);

        var response = await PostAsync(client, Page, "Add", Of(("Theme", "queue"), ("Term", term)));

        await AssertErrorBesideAsync(response, "term-error", message);
        Assert.Equal(before, await TermsAsync(app.MallId));
    }

    [Fact]
    public async Task Careless_too_long_and_unknown_theme_are_refused_beside_their_fields()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        await AssertErrorBesideAsync(await PostAsync(client, Page, "Add", Of(("Theme", "queue"), ("Term", string.Concat(Enumerable.Repeat("lorong panjang ", 5))))),
            "term-error", "Kata atau frasa paling banyak 60 karakter.");
        await AssertErrorBesideAsync(await PostAsync(client, Page, "Add", Of(("Theme", "queue"), ("Term", string.Concat(Enumerable.Repeat("lorong panjang ", 400))))),
            "term-error", "Kata atau frasa paling banyak 60 karakter.");
        await AssertErrorBesideAsync(await PostAsync(client, Page, "Add", Of(("Theme", "512"), ("Term", "lorong sempit"))),
            "theme-error", "Pilih tema.");
        Assert.DoesNotContain("lorong sempit", await TermsAsync(app.MallId));
    }

    [Fact]
    public async Task Careless_a_double_click_adds_the_word_once_and_a_later_repeat_says_it_is_there()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, Page, Page + "?handler=Add", Of(("Theme", "queue"), ("Term", "loket penuh sesak")));
        AssertNoServerError(answers);
        Assert.Single(await TermsAsync(app.MallId), t => t == "loket penuh sesak");

        await AssertErrorBesideAsync(await PostAsync(client, Page, "Add", Of(("Theme", "queue"), ("Term", "LOKET penuh  sesak"))),
            "term-error", "Kata \"loket penuh sesak\" sudah ada untuk tema ini.");
        Assert.Single(await app.AuditAsync("theme-term.add"), t => t == "queue: loket penuh sesak");
    }

    [Fact]
    public async Task Hostile_markup_and_SQL_in_a_word_are_stored_as_plain_words_and_shown_escaped()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await PostAsync(client, Page, "Add", Of(("Theme", "facilities"), ("Term", "<b>x'); DROP TABLE responses;--</b>")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("b x drop table responses b", await TermsAsync(app.MallId));
        Assert.DoesNotContain("<b>x'", await client.GetStringAsync(Page));
        Assert.True(await app.DbAsync(db => db.Responses.AnyAsync()));
    }

    [Fact]
    public async Task Hostile_another_MPP_in_the_hidden_field_or_another_MPPs_term_id_changes_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var bima = await app.SignedInAsync(FormFixture.BimaAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(bima, Page, "Add", Of(("Theme", "parking"), ("Term", "parkir bima")))).StatusCode);
        var bimaTerm = await app.DbAsync(db => db.ThemeTerms.Where(t => t.MallId == app.BimaMallId).Select(t => t.Id).SingleAsync());

        var forged = await PostAsync(client, Page, "Add", Of(("mpp", FormFixture.BimaRegency), ("Theme", "parking"), ("Term", "sisipan")));
        var removed = await PostAsync(client, Page, "Remove", Of(("TermId", bimaTerm.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.StartsWith("/Account/AccessDenied", forged.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(["parkir bima"], await TermsAsync(app.BimaMallId));
        Assert.DoesNotContain("sisipan", await TermsAsync(app.MallId));
    }

    [Fact]
    public async Task The_ministry_may_look_but_not_change()
    {
        var ministry = await app.SignedInAsync(FormFixture.Ministry);

        var page = await ministry.GetAsync(Page + "?mpp=" + FormFixture.BimaRegency);
        var post = await PostAsync(ministry, Page, "Add", Of(("Theme", "toilet"), ("Term", "kamar kecil bau")), query: "mpp=" + FormFixture.BimaRegency);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("id=\"add-term\"", await page.Content.ReadAsStringAsync());
        Assert.StartsWith("/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("kamar kecil bau", await TermsAsync(app.BimaMallId));
    }

    [Fact]
    public async Task Stored_suggestions_of_an_older_lexicon_are_classified_again_once_per_version()
    {
        var id = await SendAsync("antri lamaa bgt, ada calo juga");
        await app.DbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE responses SET themes = 0 WHERE id = {id}"));
        await app.DbAsync(db => db.JobRuns.Where(r => r.Kind == SuggestionReclassification.JobKind).ExecuteDeleteAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<SuggestionReclassification>();
        Assert.True(await job.RunIfLexiconChangedAsync());
        Assert.False(await job.RunIfLexiconChangedAsync());

        Assert.Equal(SuggestionTheme.Queue | SuggestionTheme.Time | SuggestionTheme.Integrity, (await app.StoredAsync(id))!.Themes);
        Assert.Equal(SuggestionClassifier.LexiconVersion, await app.DbAsync(db => db.JobRuns
            .Where(r => r.Kind == SuggestionReclassification.JobKind).Select(r => r.Parameters).SingleAsync()));
    }
}
