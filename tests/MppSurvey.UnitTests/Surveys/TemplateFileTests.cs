using MppSurvey.Core.Surveys;

namespace MppSurvey.UnitTests.Surveys;

public sealed class TemplateFileTests
{
    private static string TemplatesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "survey-templates");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("survey-templates");
    }

    private static string Skm() => File.ReadAllText(Path.Combine(TemplatesDirectory(), "skm.v1.json"));

    [Fact]
    public void Every_file_in_survey_templates_loads_and_validates()
    {
        var loaded = TemplateCatalog.ReadDirectory(TemplatesDirectory());

        Assert.NotEmpty(loaded);
        Assert.All(loaded, l => Assert.Equal($"{l.File.Code}.v{l.File.Version}.json", l.FileName));
    }

    [Fact]
    public void The_skm_template_has_the_nine_elements_in_code_order_and_asks_U9_before_U8()
    {
        var skm = TemplateFile.Parse("skm.v1.json", Skm());

        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], skm.Elements.Select(e => e.Code));
        Assert.Equal(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8"], skm.Questions.OrderBy(q => q.Order).Select(q => q.Code));
        Assert.Equal((1, 4), (skm.Scale.Min, skm.Scale.Max));
        // docs/method.md, The nine elements: "Gratis" scores 4 for U4, and the standard U8 wording.
        Assert.Equal("Gratis", skm.Questions.Single(q => q.Code == "U4").Answers.Single(a => a.Value == 4).Id);
        Assert.Equal("Dikelola dengan baik", skm.Questions.Single(q => q.Code == "U8").Answers.Single(a => a.Value == 4).Id);
        Assert.StartsWith("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana", skm.Questions.Single(q => q.Code == "U9").Prompt.Id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"value\": 4", "\"value\": 5", "answers must be exactly the values 1-4 of the scale")]
    [InlineData("\"code\": \"U2\"", "\"code\": \"U1\"", "question 'U1': code appears twice")]
    [InlineData("\"order\": 9", "\"order\": 1", "display order 1 is used twice")]
    [InlineData("\"type\": \"scale\"", "\"type\": \"slider\"", "type 'slider' is not one of")]
    [InlineData("\"en\": \"Requirements\"", "\"en\": \"\"", "question 'U1': needs a title in Indonesian (id) and English (en)")]
    [InlineData("\"version\": 1", "\"version\": 2", "must be named skm.v2.json")]
    [InlineData("\"basis\"", "\"bases\"", "is not valid template JSON")]
    public void A_broken_template_names_the_file_and_the_problem(string from, string to, string problem)
    {
        var json = Skm();
        var index = json.IndexOf(from, StringComparison.Ordinal);
        Assert.True(index >= 0, from);
        var broken = json[..index] + to + json[(index + from.Length)..];

        var error = Assert.Throws<TemplateFileException>(() => TemplateFile.Parse("/some/dir/skm.v1.json", broken));

        Assert.StartsWith("Survey template skm.v1.json ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_hash_ignores_line_endings_only()
    {
        var json = Skm();

        Assert.Equal(TemplateFile.Hash(json), TemplateFile.Hash(json.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.NotEqual(TemplateFile.Hash(json), TemplateFile.Hash(json.Replace("Persyaratan", "Syarat", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("spkp.v1.json", new[] { "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8" })]
    [InlineData("spak.v1.json", new[] { "A1", "A2", "A3", "A4", "A5" })]
    public void The_spkp_and_spak_templates_have_their_scored_indicators_on_a_1_to_6_scale(string fileName, string[] codes)
    {
        var file = TemplateFile.Parse(fileName, File.ReadAllText(Path.Combine(TemplatesDirectory(), fileName)));

        Assert.Equal(codes, file.Elements.Select(e => e.Code));
        Assert.Equal((1, 6), (file.Scale.Min, file.Scale.Max));
        Assert.All(file.Elements, e => Assert.Equal([1, 2, 3, 4, 5, 6], e.Answers.Select(a => a.Value)));
    }

    [Fact]
    public void Every_file_in_survey_templates_round_trips_through_the_authoring_serializer_unchanged_in_meaning()
    {
        foreach (var loaded in TemplateCatalog.ReadDirectory(TemplatesDirectory()))
        {
            var again = TemplateFile.Parse(loaded.FileName, loaded.File.ToJson());

            Assert.Equal(loaded.File.ToJson(), again.ToJson());
            Assert.Equal(loaded.File.Elements.Select(e => e.Code), again.Elements.Select(e => e.Code));
        }
    }

    private static TemplateFile WithExtra(params TemplateFile.Question[] questions)
    {
        var file = TemplateFile.Parse("skm.v1.json", Skm());
        file.Questions.AddRange(questions);
        return file;
    }

    private static TemplateFile.Question Extra(string code, string type, int order) => new()
    {
        Code = code,
        Type = type,
        Order = order,
        Title = new TemplateFile.Text { Id = "Judul", En = "Title" },
        Prompt = new TemplateFile.Text { Id = "Tanya?", En = "Ask?" },
        Answers = type is "single" or "multiple"
            ? [new TemplateFile.Answer { Value = 1, Id = "Ya", En = "Yes" }, new TemplateFile.Answer { Value = 2, Id = "Tidak", En = "No" }]
            : [],
    };

    [Fact]
    public void The_overall_question_is_one_single_choice_and_number_and_text_limits_are_checked()
    {
        var overall = Extra("K", "single", 20);
        overall.Overall = true;
        var age = Extra("N", "number", 21);
        age.Min = 10;
        age.Max = 120;
        var note = Extra("T", "text", 22);
        note.MaxLength = 300;
        Assert.Empty(WithExtra(overall, age, note).Problems("skm.v1.json"));

        var multiple = Extra("M", "multiple", 20);
        multiple.Overall = true;
        Assert.Equal(["Authoring_Problem_OverallNotSingle"], WithExtra(multiple).Problems("skm.v1.json").Select(p => p.Key));

        var second = Extra("K2", "single", 23);
        second.Overall = true;
        Assert.Equal(["Authoring_Problem_OverallTwice"], WithExtra(overall, second).Problems("skm.v1.json").Select(p => p.Key));

        var upsideDown = Extra("N", "number", 21);
        upsideDown.Min = 50;
        upsideDown.Max = 10;
        var problem = Assert.Single(WithExtra(upsideDown).Problems("skm.v1.json"));
        Assert.Equal(("questions[9].min", "Authoring_Problem_MinAboveMax"), (problem.Field, problem.Key));

        var boundedText = Extra("T", "text", 22);
        boundedText.Min = 1;
        boundedText.MaxLength = 5000;
        Assert.Equal(["Authoring_Problem_MinMaxNotNumber", "Authoring_Problem_MaxLength"], WithExtra(boundedText).Problems("skm.v1.json").Select(p => p.Key));

        var json = Skm().Replace("\"required\": false,", "\"required\": false, \"overall\": true,", StringComparison.Ordinal);
        var error = Assert.Throws<TemplateFileException>(() => TemplateFile.Parse("skm.v1.json", json));
        Assert.Contains("more than one question as the overall question", error.Message, StringComparison.Ordinal);
    }
}
