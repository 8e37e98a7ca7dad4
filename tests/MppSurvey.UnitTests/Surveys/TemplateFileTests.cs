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
        // skm-method.md section 1: "Gratis" scores 4 for U4, and the standard U8 wording.
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
}
