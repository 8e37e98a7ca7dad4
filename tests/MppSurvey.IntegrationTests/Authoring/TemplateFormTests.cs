using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Admin;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Authoring;

/// <summary>
/// /Admin/Templat (new version, copy) and /Admin/Templat/Draf (publish) asked the two questions: what
/// does a hostile request do (another MPP's template in the hidden field, a replayed publish) and
/// what does a careless user do (double click on "new version" or "copy", the back button, publishing
/// without the confirmation that a published version never changes)?
/// </summary>
[Collection(FormCollection.Name)]
public sealed class TemplateFormTests(FormFixture app)
{
    private const string List = "/Admin/Templat";

    private static string Draft(int id) => $"/Admin/Templat/Draf/{Inv(id)}";

    /// <summary>A national template of this case's own, version 1 published (from skm v1).</summary>
    private Task<(int TemplateId, int VersionId)> PublishedTemplateAsync(string code) => app.DbAsync(async db =>
    {
        var skm = await db.SurveyTemplateVersions.SingleAsync(v => v.Id == app.SkmVersionId);
        var template = TemplateDrafts.NewTemplate(skm, "skm", code, "Uji " + code, "Test " + code, null, "uji@formulir.test", DateTimeOffset.UtcNow);
        Assert.Equal(TemplateDrafts.PublishOutcome.Published,
            TemplateDrafts.Publish(template, template.Versions[0], TemplateDrafts.CodeChanges.None, false, DateTimeOffset.UtcNow));
        db.SurveyTemplates.Add(template);
        await db.SaveChangesAsync();
        return (template.Id, template.Versions[0].Id);
    });

    private Task<List<int>> VersionsAsync(int templateId) =>
        app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.TemplateId == templateId).OrderBy(v => v.Version).Select(v => v.Version).ToListAsync());

    [Fact]
    public async Task Careless_a_triple_click_on_new_version_makes_one_draft_and_every_click_opens_it()
    {
        var (templateId, v1) = await PublishedTemplateAsync("uji-tiga-klik");
        var client = await app.SignedInAsync(FormFixture.Ministry);

        var answers = await AtOnceAsync(client, List, List + "?handler=NewVersion", Of(("VersionId", Inv(v1)), ("SeenVersion", "1")));

        AssertNoServerError(answers);
        Assert.Equal([1, 2], await VersionsAsync(templateId));
        var v2 = await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.TemplateId == templateId && v.Version == 2).Select(v => v.Id).SingleAsync());
        Assert.All(answers, a => Assert.StartsWith(Draft(v2), a.Headers.Location!.OriginalString, StringComparison.Ordinal));
        Assert.Single(await app.AuditAsync("template.draft"), t => t == "uji-tiga-klik v2");
    }

    [Theory]
    [InlineData("", "Versi 2 sudah dibuat sebelumnya; inilah drafnya.")]
    [InlineData("en", "Version 2 had already been made; here is its draft.")]
    public async Task Careless_new_version_again_after_the_back_button_opens_the_draft_already_made(string culture, string message)
    {
        var (templateId, v1) = await PublishedTemplateAsync("uji-kembali-" + (culture.Length > 0 ? culture : "id"));
        var client = await app.SignedInAsync(FormFixture.Ministry);
        var form = await WithTokenAsync(client, List, Of(("VersionId", Inv(v1)), ("SeenVersion", "1")));

        var first = await ReplayAsync(client, List + "?handler=NewVersion", form);
        var again = await ReplayAsync(client, List + "?handler=NewVersion", form);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal([1, 2], await VersionsAsync(templateId));
        var shown = await client.GetStringAsync(again.Headers.Location!.OriginalString + (culture.Length > 0 ? "&culture=en" : ""));
        Assert.Contains(message, shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Belum diterbitkan: centang dulu bahwa versi ini tidak dapat diubah lagi.")]
    [InlineData("en", "Not published: first tick that this version can never be changed again.")]
    public async Task Careless_publish_without_the_confirmation_is_answered_beside_it_and_publishes_nothing(string culture, string message)
    {
        var (templateId, v1) = await PublishedTemplateAsync("uji-konfirmasi-" + (culture.Length > 0 ? culture : "id"));
        var client = await app.SignedInAsync(FormFixture.Ministry);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, List, "NewVersion", Of(("VersionId", Inv(v1))))).StatusCode);
        var v2 = await app.DbAsync(db => db.SurveyTemplateVersions.SingleAsync(v => v.TemplateId == templateId && v.Version == 2));
        Assert.Contains("id=\"confirm-publish\"", await client.GetStringAsync(Draft(v2.Id)), StringComparison.Ordinal);

        var response = await PostAsync(client, Draft(v2.Id), "Publish", [], culture.Length > 0 ? "culture=en" : "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, ErrorBeside(await response.Content.ReadAsStringAsync(), "confirm-publish-error"));
        Assert.Null(await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Id == v2.Id).Select(v => v.PublishedAt).SingleAsync()));
    }

    [Fact]
    public async Task Hostile_a_replayed_publish_is_refused_with_a_message_and_publishes_once()
    {
        var (templateId, v1) = await PublishedTemplateAsync("uji-terbit-ulang");
        var client = await app.SignedInAsync(FormFixture.Ministry);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, List, "NewVersion", Of(("VersionId", Inv(v1))))).StatusCode);
        var v2 = await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.TemplateId == templateId && v.Version == 2).Select(v => v.Id).SingleAsync());
        var publish = await WithTokenAsync(client, Draft(v2), Of(("ConfirmPublish", "true")));

        var first = await ReplayAsync(client, Draft(v2) + "?handler=Publish", publish);
        var publishedAt = await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Id == v2).Select(v => v.PublishedAt).SingleAsync());
        var replay = await ReplayAsync(client, Draft(v2) + "?handler=Publish", publish);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("Templat uji-terbit-ulang versi 2 sudah terbit dan tidak dapat diubah.", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(publishedAt);
        Assert.Equal(publishedAt, await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Id == v2).Select(v => v.PublishedAt).SingleAsync()));
        Assert.Single(await app.AuditAsync("template.publish"), t => t == "uji-terbit-ulang v2");
    }

    [Fact]
    public async Task Hostile_another_MPPs_template_in_the_hidden_field_or_the_address_is_not_found_and_nothing_is_written()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Template!.Code == "bima-uji").Select(v => v.Version + ":" + v.ContentHash + ":" + v.PublishedAt).ToListAsync());
        var bima = app.BimaTemplateVersionId;

        var newVersion = await PostAsync(client, List, "NewVersion", Of(("VersionId", Inv(bima)), ("SeenVersion", "1")));
        var copy = await PostAsync(client, List, "Copy", Of(("VersionId", Inv(bima)), ("NewCode", "salinan-bima"), ("NewNameId", "Salinan"), ("NewNameEn", "Copy")));
        var publishBima = await client.PostAsync(Draft(bima) + "?handler=Publish",
            new FormUrlEncodedContent(await WithTokenAsync(client, List, Of(("ConfirmPublish", "true")))));

        Assert.Equal(HttpStatusCode.NotFound, newVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, copy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publishBima.StatusCode);
        Assert.Equal(before, await app.DbAsync(db => db.SurveyTemplateVersions.Where(v => v.Template!.Code == "bima-uji").Select(v => v.Version + ":" + v.ContentHash + ":" + v.PublishedAt).ToListAsync()));
        Assert.False(await app.DbAsync(db => db.SurveyTemplates.AnyAsync(t => t.Code == "salinan-bima")));
    }

    [Fact]
    public async Task Careless_a_triple_click_on_copy_makes_one_template_and_answers_the_others_that_the_code_is_taken()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var answers = await AtOnceAsync(client, List, List + "?handler=Copy",
            Of(("VersionId", Inv(app.SkmVersionId)), ("NewCode", "salinan-jombang"), ("NewNameId", "Survei Jombang"), ("NewNameEn", "Jombang survey")));

        AssertOneDoneRestRefused(answers);
        Assert.Equal(1, await app.DbAsync(db => db.SurveyTemplates.CountAsync(t => t.Code == "salinan-jombang" && t.OwnerMallId == app.MallId)));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Kode 'salinan-jombang' sudah dipakai templat lain.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Careless_an_empty_copy_form_names_each_missing_field_and_creates_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.SurveyTemplates.CountAsync());

        var response = await PostAsync(client, List, "Copy", Of(("VersionId", Inv(app.SkmVersionId))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"field-error\">Kode harus 2-40 karakter: huruf kecil, angka dan &#x27;-&#x27;, diawali huruf.</span>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<span class=\"field-error\">Isi nama ini.</span>").Length - 1);
        Assert.Equal(before, await app.DbAsync(db => db.SurveyTemplates.CountAsync()));
    }
}
