using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Surveys;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// A second MPP (Kota Bima, 52.72) running a version of skm with four unscored questions (authored as
/// in the browser editor): Q1 single choice (the overall question), Q2 multiple choice, Q3 text, Q4 number 0-50.
/// </summary>
public static class OtherQuestionsMall
{
    public const string Regency = "52.72";

    /// <summary>Creates the MPP and its survey once per app; returns the MPP's id.</summary>
    public static async Task<int> EnsureAsync(SurveyApp app)
    {
        await using var scope = app.Scope();
        var db = SurveyApp.Db(scope);
        if (await db.Malls.FirstOrDefaultAsync(m => m.RegencyCode == Regency) is { } existing)
        {
            return existing.Id;
        }
        var skm = await db.SurveyTemplates.Include(t => t.Versions).SingleAsync(t => t.Code == "skm");
        var draft = TemplateDrafts.NewVersion(skm, skm.Versions.Single(v => v.Version == 1), "uji@uji.test", DateTimeOffset.UtcNow);
        var file = TemplateFile.Of(draft, "skm").Copy();
        var overall = TemplateDrafts.AddQuestion(file, "single");
        overall.Overall = true;
        overall.Prompt = new TemplateFile.Text { Id = "Secara keseluruhan, seberapa puas Saudara?", En = "All in all, how satisfied are you?" };
        TemplateDrafts.AddAnswer(overall);
        var used = TemplateDrafts.AddQuestion(file, "multiple");
        TemplateDrafts.AddAnswer(used);
        TemplateDrafts.AddQuestion(file, "text");
        var visits = TemplateDrafts.AddQuestion(file, "number");
        visits.Min = 0;
        visits.Max = 50;
        Assert.Empty(TemplateDrafts.Save(skm, draft, file));
        TemplateDrafts.Publish(skm, draft, TemplateDrafts.CodeChanges.None, false, DateTimeOffset.UtcNow);
        var mall = new Mall { RegencyCode = Regency, Name = "MPP Kota Bima", TimeZone = IndonesianTimeZone.Wita };
        db.Malls.Add(mall);
        await db.SaveChangesAsync();
        var period = Period.Containing(DateOnly.FromDateTime(mall.LocalTime(DateTimeOffset.UtcNow)), PeriodKind.Semester);
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = draft.Id, PeriodCode = period.Code });
        await db.SaveChangesAsync();
        return mall.Id;
    }
}
