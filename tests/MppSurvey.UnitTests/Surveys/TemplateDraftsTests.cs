using MppSurvey.Core.Surveys;

namespace MppSurvey.UnitTests.Surveys;

public sealed class TemplateDraftsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static (SurveyTemplate Template, SurveyTemplateVersion V1) Skm()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(dir!.FullName, "survey-templates")))
        {
            dir = dir.Parent;
        }
        var json = File.ReadAllText(Path.Combine(dir.FullName, "survey-templates", "skm.v1.json"));
        var file = TemplateFile.Parse("skm.v1.json", json);
        var template = new SurveyTemplate { Code = "skm", NameId = file.Name.Id, NameEn = file.Name.En };
        var v1 = new SurveyTemplateVersion
        {
            Version = 1,
            ScaleMin = 1,
            ScaleMax = 4,
            ElementCodes = file.Elements.Select(e => e.Code).ToArray(),
            Definition = json,
            ContentHash = TemplateFile.Hash(json),
            SourceFile = "skm.v1.json",
            PublishedAt = Now.AddYears(-1),
        };
        template.Versions.Add(v1);
        return (template, v1);
    }

    [Fact]
    public void A_new_version_is_a_draft_copy_with_the_next_number_and_its_author()
    {
        var (template, v1) = Skm();

        var v2 = TemplateDrafts.NewVersion(template, v1, "admin@uji.test", Now);

        Assert.Equal(2, v2.Version);
        Assert.Null(v2.PublishedAt);
        Assert.Equal("admin@uji.test", v2.CreatedBy);
        Assert.Equal(Now, v2.CreatedAt);
        Assert.Equal(v1.ElementCodes, v2.ElementCodes);
        var copy = TemplateFile.Of(v2, "skm");
        Assert.Equal(2, copy.Version);
        Assert.Equal(TemplateFile.Of(v1, "skm").Questions.Select(q => q.Prompt.Id), copy.Questions.Select(q => q.Prompt.Id));
        Assert.Equal(3, TemplateDrafts.NewVersion(template, v1, "admin@uji.test", Now).Version);
    }

    [Fact]
    public void A_published_version_refuses_every_edit_and_a_second_publication()
    {
        var (template, v1) = Skm();
        var edited = TemplateFile.Of(v1, "skm").Copy();
        edited.Name.Id = "Diubah";

        Assert.Throws<TemplateVersionPublishedException>(() => TemplateDrafts.Save(template, v1, edited));
        Assert.Throws<TemplateVersionPublishedException>(() => TemplateDrafts.Publish(template, v1, TemplateDrafts.CodeChanges.None, true, Now));
        Assert.Equal(TemplateFile.Hash(v1.Definition), v1.ContentHash);
    }

    [Fact]
    public void An_invalid_edit_returns_its_problems_and_leaves_the_draft_as_it_was()
    {
        var (template, v1) = Skm();
        var v2 = TemplateDrafts.NewVersion(template, v1, "a@uji.test", Now);
        var before = v2.Definition;
        var edited = TemplateFile.Of(v2, "skm").Copy();
        edited.Questions[2].Title.En = " ";
        edited.Questions[4].Code = "U1";

        var problems = TemplateDrafts.Save(template, v2, edited);

        Assert.Equal([("questions[2].title", "Authoring_Problem_Title"), ("questions[4].code", "Authoring_Problem_QuestionCodeTwice")],
            problems.Select(p => (p.Field, p.Key)));
        Assert.Equal(before, v2.Definition);
    }

    [Fact]
    public void A_renamed_element_shows_as_one_dropped_and_one_added_code_and_needs_a_confirmation_to_publish()
    {
        var (template, v1) = Skm();
        var v2 = TemplateDrafts.NewVersion(template, v1, "a@uji.test", Now);
        var edited = TemplateFile.Of(v2, "skm").Copy();
        edited.Questions.Single(q => q.Code == "U3").Code = "X3";
        Assert.Empty(TemplateDrafts.Save(template, v2, edited));

        var changes = TemplateDrafts.Compare(TemplateFile.Of(TemplateDrafts.LatestPublished(template)!, "skm"), TemplateFile.Of(v2, "skm"));

        Assert.Equal(["U3"], changes.Dropped);
        Assert.Equal(["X3"], changes.Added);
        Assert.Equal(["U1", "U2", "X3", "U4", "U5", "U6", "U7", "U8", "U9"], v2.ElementCodes);
        Assert.Equal(TemplateDrafts.PublishOutcome.NeedsConfirmation, TemplateDrafts.Publish(template, v2, changes, false, Now));
        Assert.Null(v2.PublishedAt);
        Assert.Equal(TemplateDrafts.PublishOutcome.Published, TemplateDrafts.Publish(template, v2, changes, true, Now));
        Assert.Equal(Now, v2.PublishedAt);
    }

    [Fact]
    public void Questions_are_added_valid_moved_in_display_order_only_and_removed()
    {
        var (template, v1) = Skm();
        var v2 = TemplateDrafts.NewVersion(template, v1, "a@uji.test", Now);
        var file = TemplateFile.Of(v2, "skm").Copy();
        foreach (var type in TemplateFile.QuestionTypes)
        {
            TemplateDrafts.AddQuestion(file, type);
        }
        Assert.Equal(["Q1", "Q2", "Q3", "Q4", "Q5"], file.Questions.Skip(9).Select(q => q.Code));
        Assert.Empty(file.Problems("skm.v2.json"));

        // U9 is shown before U8 (order 8 and 9); moving U8 up swaps their display order, not their storage order.
        var u8 = file.Questions.FindIndex(q => q.Code == "U8");
        TemplateDrafts.MoveQuestion(file, u8, -1);
        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], file.Questions.OrderBy(q => q.Order).Take(9).Select(q => q.Code));
        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Q1"], file.Elements.Select(q => q.Code));

        TemplateDrafts.RemoveQuestion(file, file.Questions.FindIndex(q => q.Code == "Q1"));
        Assert.Empty(TemplateDrafts.Save(template, v2, file));
        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], v2.ElementCodes);
    }
}
