using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Authoring;

public sealed partial class TemplateAuthoringTests(TemplateAuthoringTests.Fixture app) : IClassFixture<TemplateAuthoringTests.Fixture>
{
    public const string Password = "uji-templat-2026";

    /// <summary>The fixture, for the parts of this class in other files (a primary constructor's parameter is seen only in its own part).</summary>
    private Fixture App => app;

    private static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

    private async Task<(SurveyTemplate Template, SurveyTemplateVersion Version)> VersionAsync(string code, int version)
    {
        await using var scope = app.Scope();
        var template = await app.Db(scope).SurveyTemplates.AsNoTracking().Include(t => t.Versions).SingleAsync(t => t.Code == code);
        return (template, template.Versions.Single(v => v.Version == version));
    }

    private async Task<SurveyTemplateVersion> VersionByIdAsync(int id)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).SurveyTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == id);
    }

    /// <summary>A draft copied from skm v1 as a template of its own, stored directly (the copy page has its own test).</summary>
    private async Task<int> DraftTemplateAsync(string code, int? ownerMallId, Action<TemplateFile>? edit = null, bool publish = false)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var skm = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var template = TemplateDrafts.NewTemplate(skm, "skm", code, "Uji " + code, "Test " + code, ownerMallId, "uji@uji.test", DateTimeOffset.UtcNow);
        var draft = template.Versions[0];
        if (edit is not null)
        {
            var file = TemplateFile.Of(draft, code).Copy();
            edit(file);
            Assert.Empty(TemplateDrafts.Save(template, draft, file));
        }
        if (publish)
        {
            Assert.Equal(TemplateDrafts.PublishOutcome.Published, TemplateDrafts.Publish(template, draft, TemplateDrafts.CodeChanges.None, false, DateTimeOffset.UtcNow));
        }
        db.SurveyTemplates.Add(template);
        await db.SaveChangesAsync();
        return draft.Id;
    }

    /// <summary>The editor's form for a template as the page renders it: questions in display order, each with its file slot.</summary>
    private static Dictionary<string, string> FormOf(TemplateFile file)
    {
        var form = new Dictionary<string, string> { ["NameId"] = file.Name.Id, ["NameEn"] = file.Name.En };
        var shown = file.Questions.Select((q, slot) => (q, slot)).OrderBy(x => x.q.Order).ToList();
        for (var i = 0; i < shown.Count; i++)
        {
            var (q, slot) = shown[i];
            var p = $"Questions[{Inv(i)}]";
            form[$"{p}.Slot"] = Inv(slot);
            form[$"{p}.Code"] = q.Code;
            form[$"{p}.Type"] = q.Type;
            if (q.Required)
            {
                form[$"{p}.Required"] = "true";
            }
            form[$"{p}.TitleId"] = q.Title.Id;
            form[$"{p}.TitleEn"] = q.Title.En;
            form[$"{p}.PromptId"] = q.Prompt.Id;
            form[$"{p}.PromptEn"] = q.Prompt.En;
            for (var j = 0; j < q.Answers.Count; j++)
            {
                form[$"{p}.Answers[{Inv(j)}].Value"] = Inv(q.Answers[j].Value);
                form[$"{p}.Answers[{Inv(j)}].Id"] = q.Answers[j].Id;
                form[$"{p}.Answers[{Inv(j)}].En"] = q.Answers[j].En;
            }
        }
        return form;
    }

    /// <summary>The form key of a question's field, by question code.</summary>
    private static string FieldOf(TemplateFile file, string code, string field)
    {
        var shown = file.Questions.OrderBy(q => q.Order).ToList();
        return $"Questions[{Inv(shown.FindIndex(q => q.Code == code))}].{field}";
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string handler, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, path.Contains("/Draf/", StringComparison.Ordinal) ? path : "/Admin/Templat");
        return await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task A_published_version_cannot_be_edited_through_the_page_and_the_database_refuses_an_update()
    {
        var (_, skm) = await VersionAsync("skm", 1);
        var client = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        var file = TemplateFile.Of(skm, "skm");
        var form = FormOf(file);
        form[FieldOf(file, "U3", "PromptId")] = "Diubah?";
        form["Command"] = "save";

        var response = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(skm.Id)}", "Save", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Templat skm versi 1 sudah terbit dan tidak dapat diubah.", html, StringComparison.Ordinal);
        var after = await VersionByIdAsync(skm.Id);
        Assert.Equal(skm.Definition, after.Definition);
        Assert.Equal(skm.ContentHash, after.ContentHash);

        // Directly, past every check of the application: the trigger refuses it.
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var tracked = await db.SurveyTemplateVersions.SingleAsync(v => v.Id == skm.Id);
        tracked.Definition = skm.Definition.Replace("kecepatan waktu", "kecepatan", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("is published and cannot be changed", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.Equal(skm.Definition, (await VersionByIdAsync(skm.Id)).Definition);
    }

    [Fact]
    public async Task An_administrator_makes_version_2_from_version_1_edits_it_and_publishes_it()
    {
        var (_, v1) = await VersionAsync("spkp", 1);
        var client = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);

        var created = await PostAsync(client, "/Admin/Templat", "NewVersion", new() { ["VersionId"] = Inv(v1.Id) });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var (_, v2) = await VersionAsync("spkp", 2);
        Assert.Equal($"/Admin/Templat/Draf/{Inv(v2.Id)}", created.Headers.Location!.OriginalString);
        Assert.Null(v2.PublishedAt);
        Assert.Equal("admin@uji.test", v2.CreatedBy);
        Assert.Equal(v1.ElementCodes, v2.ElementCodes);
        Assert.Equal((1, 6), (v2.ScaleMin, v2.ScaleMax));

        // A form error is shown beside its field, in the user's language, and nothing is stored.
        var draft = TemplateFile.Of(v2, "spkp");
        var bad = FormOf(draft);
        bad[FieldOf(draft, "P4", "TitleEn")] = "";
        bad["Command"] = "save";
        var refused = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Save", bad);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Isi judul dalam Bahasa Indonesia dan Bahasa Inggris.", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(v2.ContentHash, (await VersionByIdAsync(v2.Id)).ContentHash);

        var form = FormOf(draft);
        form[FieldOf(draft, "P4", "PromptId")] = "Seberapa cepat layanan Saudara diselesaikan?";
        form["Command"] = "save";
        var saved = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Save", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var edited = await VersionByIdAsync(v2.Id);
        Assert.Equal("Seberapa cepat layanan Saudara diselesaikan?", TemplateFile.Of(edited, "spkp").Questions.Single(q => q.Code == "P4").Prompt.Id);
        Assert.Equal(v1.ElementCodes, edited.ElementCodes);

        var page = await client.GetStringAsync($"/Admin/Templat/Draf/{Inv(v2.Id)}");
        Assert.Contains("Kode unsur tidak berubah", page, StringComparison.Ordinal);
        Assert.Contains($"/survei/35.17?pratinjau={Inv(v2.Id)}", page, StringComparison.Ordinal);
        var published = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Publish", new() { ["ConfirmPublish"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.NotNull((await VersionByIdAsync(v2.Id)).PublishedAt);
        await using var scope = app.Scope();
        Assert.True(await app.Db(scope).AuditEntries.AnyAsync(a => a.Action == "template.publish" && a.Target == "spkp v2" && a.Actor == "admin@uji.test"));
    }

    [Fact]
    public async Task Renaming_an_element_warns_before_publishing_and_publishing_without_the_confirmation_is_refused()
    {
        var (_, v1) = await VersionAsync("spak", 1);
        var client = await LoginClient.SignedInAsync(app, "deputi@uji.test", Password);
        await PostAsync(client, "/Admin/Templat", "NewVersion", new() { ["VersionId"] = Inv(v1.Id) });
        var (_, v2) = await VersionAsync("spak", 2);
        var draft = TemplateFile.Of(v2, "spak");
        var form = FormOf(draft);
        form[FieldOf(draft, "A3", "Code")] = "X3";
        form["Command"] = "save";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Save", form)).StatusCode);

        var page = await client.GetStringAsync($"/Admin/Templat/Draf/{Inv(v2.Id)}");
        Assert.Contains("A3 dihapus / X3 ditambahkan", page, StringComparison.Ordinal);
        Assert.Contains("tren indeks A3 berhenti", page, StringComparison.Ordinal);
        Assert.Contains("id=\"confirm-dropped\"", page, StringComparison.Ordinal);
        var english = await client.GetStringAsync($"/Admin/Templat/Draf/{Inv(v2.Id)}?culture=en");
        Assert.Contains("A3 dropped / X3 added", english, StringComparison.Ordinal);
        Assert.Contains("the index trend of A3 stops", english, StringComparison.Ordinal);

        var unconfirmed = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Publish", new() { ["ConfirmPublish"] = "true" });

        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.Contains("Belum diterbitkan: draf ini menghapus kode A3.", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await VersionByIdAsync(v2.Id)).PublishedAt);

        var confirmed = await PostAsync(client, $"/Admin/Templat/Draf/{Inv(v2.Id)}", "Publish", new() { ["ConfirmDropped"] = "true", ["ConfirmPublish"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await VersionByIdAsync(v2.Id);
        Assert.NotNull(after.PublishedAt);
        Assert.Equal(["A1", "A2", "X3", "A4", "A5"], after.ElementCodes);
    }

    [Fact]
    public async Task An_MPP_admin_cannot_open_or_edit_a_national_draft_nor_another_MPPs_template_but_copies_one_for_their_own_MPP()
    {
        var national = await DraftTemplateAsync("uji-nasional", null);
        var bima = await DraftTemplateAsync("uji-bima", app.MallIds["52.72"]);
        var (_, skm) = await VersionAsync("skm", 1);
        var nationalBefore = await VersionByIdAsync(national);
        var bimaBefore = await VersionByIdAsync(bima);
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", Password);

        var openNational = await client.GetAsync($"/Admin/Templat/Draf/{Inv(national)}");
        var openBima = await client.GetAsync($"/Admin/Templat/Draf/{Inv(bima)}");
        var previewBima = await client.GetAsync($"/survei/35.17?pratinjau={Inv(bima)}");
        var form = FormOf(TemplateFile.Of(nationalBefore, "uji-nasional"));
        form["NameId"] = "Diambil alih";
        form["Command"] = "save";
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Templat");
        var saveNational = await client.PostAsync($"/Admin/Templat/Draf/{Inv(national)}?handler=Save", new FormUrlEncodedContent(form));
        var saveBima = await client.PostAsync($"/Admin/Templat/Draf/{Inv(bima)}?handler=Save", new FormUrlEncodedContent(form));
        var publishBima = await client.PostAsync($"/Admin/Templat/Draf/{Inv(bima)}?handler=Publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = form["__RequestVerificationToken"] }));
        var newSkmVersion = await PostAsync(client, "/Admin/Templat", "NewVersion", new() { ["VersionId"] = Inv(skm.Id) });
        var list = await client.GetStringAsync("/Admin/Templat");

        Assert.Equal(HttpStatusCode.Redirect, openNational.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", openNational.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saveNational.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", saveNational.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, openBima.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, previewBima.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, saveBima.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publishBima.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, newSkmVersion.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", newSkmVersion.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("uji-bima", list, StringComparison.Ordinal);
        Assert.DoesNotContain("uji-nasional", list, StringComparison.Ordinal);
        var nationalAfter = await VersionByIdAsync(national);
        var bimaAfter = await VersionByIdAsync(bima);
        Assert.Equal(nationalBefore.ContentHash, nationalAfter.ContentHash);
        Assert.Equal(bimaBefore.ContentHash, bimaAfter.ContentHash);
        Assert.Null(bimaAfter.PublishedAt);
        await using (var scope = app.Scope())
        {
            Assert.False(await app.Db(scope).SurveyTemplateVersions.AnyAsync(v => v.Template!.Code == "skm" && v.CreatedBy == "mpp@uji.test"));
        }

        var copy = await PostAsync(client, "/Admin/Templat", "Copy",
            new() { ["VersionId"] = Inv(skm.Id), ["NewCode"] = "skm-jombang", ["NewNameId"] = "SKM MPP Jombang", ["NewNameEn"] = "SKM Jombang" });

        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        await using (var scope = app.Scope())
        {
            var own = await app.Db(scope).SurveyTemplates.Include(t => t.Versions).SingleAsync(t => t.Code == "skm-jombang");
            Assert.Equal(app.MallIds["35.17"], own.OwnerMallId);
            Assert.Null(own.Versions.Single().PublishedAt);
            Assert.Equal(skm.ElementCodes, own.Versions.Single().ElementCodes);
            Assert.Equal($"/Admin/Templat/Draf/{Inv(own.Versions.Single().Id)}", copy.Headers.Location!.OriginalString);
        }
        // The owner may edit it; the other MPP's admin may not even see it.
        var bimaClient = await LoginClient.SignedInAsync(app, "mpp.bima@uji.test", Password);
        var (_, jombangDraft) = await VersionAsync("skm-jombang", 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Admin/Templat/Draf/{Inv(jombangDraft.Id)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bimaClient.GetAsync($"/Admin/Templat/Draf/{Inv(jombangDraft.Id)}")).StatusCode);
    }

    [Fact]
    public async Task The_preview_renders_a_draft_for_its_author_with_a_banner_and_no_way_to_submit_and_does_not_exist_for_visitors()
    {
        var draft = await DraftTemplateAsync("uji-pratinjau", null, file =>
        {
            var q = TemplateDrafts.AddQuestion(file, "multiple");
            q.Prompt = new TemplateFile.Text { Id = "Layanan apa lagi yang Saudara gunakan?", En = "Which other services did you use?" };
        });
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);

        var html = await admin.GetStringAsync($"/survei/35.17?pratinjau={Inv(draft)}");
        var anonymous = await LoginClient.Anonymous(app).GetAsync($"/survei/35.17?pratinjau={Inv(draft)}");

        Assert.Contains("id=\"preview\"", html, StringComparison.Ordinal);
        Assert.Contains("Pratinjau / Preview", html, StringComparison.Ordinal);
        Assert.Contains("data-preview=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" id=\"send\" disabled=\"disabled\">", html, StringComparison.Ordinal);
        Assert.Contains("Layanan apa lagi yang Saudara gunakan?", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\" name=\"o.Q1\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }
}
