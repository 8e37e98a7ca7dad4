using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MppSurvey.Core.Surveys;

/// <summary>The JSON shape of one file in survey-templates/ (described in survey-templates/README.md).</summary>
public sealed class TemplateFile
{
    public string Code { get; set; } = "";
    public int Version { get; set; }
    public Text Name { get; set; } = new();
    public string Basis { get; set; } = "";
    public ScaleSpec Scale { get; set; } = new();
    public List<Question> Questions { get; set; } = [];

    public sealed class Text
    {
        public string Id { get; set; } = "";
        public string En { get; set; } = "";
    }

    public sealed class ScaleSpec
    {
        public int Min { get; set; }
        public int Max { get; set; }
    }

    public sealed class Question
    {
        public string Code { get; set; } = "";
        /// <summary>scale (scored element), single, multiple, text, number.</summary>
        public string Type { get; set; } = "";
        public int Order { get; set; }
        public bool Required { get; set; }
        public Text Title { get; set; } = new();
        public Text Prompt { get; set; } = new();
        public List<Answer> Answers { get; set; } = [];
    }

    public sealed class Answer
    {
        public int Value { get; set; }
        public string Id { get; set; } = "";
        public string En { get; set; } = "";
    }

    public static readonly string[] QuestionTypes = ["scale", "single", "multiple", "text", "number"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Scored questions in file order: this order is the storage order of answers.</summary>
    public IEnumerable<Question> Elements => Questions.Where(q => q.Type == "scale");

    public static TemplateFile Parse(string fileName, string json)
    {
        TemplateFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TemplateFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new TemplateFileException(fileName, $"is not valid template JSON: {e.Message}");
        }
        if (file is null)
        {
            throw new TemplateFileException(fileName, "is empty");
        }
        file.Validate(fileName);
        return file;
    }

    public static string Hash(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json.ReplaceLineEndings("\n"))));

    private void Validate(string fileName)
    {
        void Fail(string problem) => throw new TemplateFileException(fileName, problem);

        if (!System.Text.RegularExpressions.Regex.IsMatch(Code, "^[a-z][a-z0-9-]*$"))
        {
            Fail($"has code '{Code}': use lower-case letters, digits and '-'");
        }
        if (Version < 1)
        {
            Fail("needs a version of 1 or more");
        }
        var expectedName = string.Create(CultureInfo.InvariantCulture, $"{Code}.v{Version}.json");
        if (!string.Equals(Path.GetFileName(fileName), expectedName, StringComparison.Ordinal))
        {
            Fail($"must be named {expectedName} (code and version inside the file)");
        }
        if (string.IsNullOrWhiteSpace(Name.Id) || string.IsNullOrWhiteSpace(Name.En))
        {
            Fail("needs a name in Indonesian (id) and English (en)");
        }
        if (Scale.Min < 0 || Scale.Max <= Scale.Min || Scale.Max > 10)
        {
            Fail($"has scale {Scale.Min}-{Scale.Max}: min must be >= 0 and below max, max at most 10");
        }
        if (!Elements.Any())
        {
            Fail("has no question of type 'scale' (no scored element)");
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var orders = new HashSet<int>();
        foreach (var q in Questions)
        {
            var where = $"question '{q.Code}'";
            if (!System.Text.RegularExpressions.Regex.IsMatch(q.Code, "^[A-Za-z][A-Za-z0-9_]*$"))
            {
                Fail($"{where}: code must be letters, digits or '_' and start with a letter");
            }
            if (!codes.Add(q.Code))
            {
                Fail($"{where}: code appears twice");
            }
            if (!orders.Add(q.Order))
            {
                Fail($"{where}: display order {q.Order} is used twice");
            }
            if (!QuestionTypes.Contains(q.Type))
            {
                Fail($"{where}: type '{q.Type}' is not one of {string.Join(", ", QuestionTypes)}");
            }
            if (string.IsNullOrWhiteSpace(q.Title.Id) || string.IsNullOrWhiteSpace(q.Title.En))
            {
                Fail($"{where}: needs a title in Indonesian (id) and English (en)");
            }
            if (string.IsNullOrWhiteSpace(q.Prompt.Id) || string.IsNullOrWhiteSpace(q.Prompt.En))
            {
                Fail($"{where}: needs prompt text in Indonesian (id) and English (en)");
            }
            if (q.Type == "scale")
            {
                var values = q.Answers.Select(a => a.Value).Order().ToArray();
                var expected = Enumerable.Range(Scale.Min, Scale.Max - Scale.Min + 1).ToArray();
                if (!values.SequenceEqual(expected))
                {
                    Fail($"{where}: answers must be exactly the values {Scale.Min}-{Scale.Max} of the scale");
                }
            }
            if (q.Type is "single" or "multiple" && q.Answers.Count < 2)
            {
                Fail($"{where}: a choice question needs at least two answers");
            }
            foreach (var a in q.Answers)
            {
                if (string.IsNullOrWhiteSpace(a.Id) || string.IsNullOrWhiteSpace(a.En))
                {
                    Fail($"{where}: answer {a.Value} needs a label in Indonesian (id) and English (en)");
                }
            }
        }
    }
}

public sealed class TemplateFileException(string fileName, string problem)
    : Exception($"Survey template {Path.GetFileName(fileName)} {problem}.")
{
    public string FileName { get; } = fileName;
}
