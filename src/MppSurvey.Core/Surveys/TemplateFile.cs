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
        /// <summary>
        /// The overall-satisfaction question ("all in all, how satisfied were you?"): a single choice,
        /// at most one per template, stored with the other answers and never part of the index.
        /// </summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool Overall { get; set; }
        /// <summary>Bounds of a number question (both optional).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public decimal? Min { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public decimal? Max { get; set; }
        /// <summary>Longest answer of a text question; <see cref="MaxTextLength"/> when absent.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? MaxLength { get; set; }
        public Text Title { get; set; } = new();
        public Text Prompt { get; set; } = new();
        public List<Answer> Answers { get; set; } = [];

        public int TextLimit => MaxLength ?? MaxTextLength;
    }

    public sealed class Answer
    {
        public int Value { get; set; }
        public string Id { get; set; } = "";
        public string En { get; set; } = "";
    }

    public static readonly string[] QuestionTypes = ["scale", "single", "multiple", "text", "number"];

    /// <summary>The same bound as the suggestion (saran): a response stays well under the API's body limit.</summary>
    public const int MaxTextLength = 2000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Scored questions in file order: this order is the storage order of answers.</summary>
    public IEnumerable<Question> Elements => Questions.Where(q => q.Type == "scale");

    /// <summary>The unscored questions (single, multiple, text, number): answered in a response's `other` answers.</summary>
    public IEnumerable<Question> OtherQuestions => Questions.Where(q => q.Type != "scale");

    /// <summary>The file name a version of a template has (or would have): `skm.v2.json`.</summary>
    public static string FileNameOf(string code, int version) => string.Create(CultureInfo.InvariantCulture, $"{code}.v{version}.json");

    /// <summary>Reads a stored version's definition (validated when it was loaded or saved).</summary>
    public static TemplateFile Of(SurveyTemplateVersion version, string templateCode) =>
        Parse(FileNameOf(templateCode, version.Version), version.Definition);

    /// <summary>The JSON of this template as authored in the browser (files keep their own text).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A deep copy, so an edit never touches the template it started from.</summary>
    public TemplateFile Copy() => JsonSerializer.Deserialize<TemplateFile>(ToJson(), Json)!;

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
        if (Problems(fileName).FirstOrDefault() is { } problem)
        {
            throw new TemplateFileException(fileName, problem.Message);
        }
    }

    /// <summary>
    /// Everything wrong with this template, each with the field it concerns (`questions[2].title`)
    /// and a resource key, so the editor can show each problem beside its field in the user's
    /// language; <see cref="Parse"/> reports the first one in English.
    /// </summary>
    public IReadOnlyList<TemplateProblem> Problems(string fileName)
    {
        var problems = new List<TemplateProblem>();
        void Add(string field, string key, string message, params object[] args) => problems.Add(new TemplateProblem(field, key, message, args));

        if (!System.Text.RegularExpressions.Regex.IsMatch(Code, "^[a-z][a-z0-9-]*$"))
        {
            Add("code", "Authoring_Problem_Code", $"has code '{Code}': use lower-case letters, digits and '-'", Code);
        }
        if (Version < 1)
        {
            Add("version", "Authoring_Problem_Version", "needs a version of 1 or more");
        }
        var expectedName = FileNameOf(Code, Version);
        if (!string.Equals(Path.GetFileName(fileName), expectedName, StringComparison.Ordinal))
        {
            Add("version", "Authoring_Problem_FileName", $"must be named {expectedName} (code and version inside the file)", expectedName);
        }
        if (string.IsNullOrWhiteSpace(Name.Id) || string.IsNullOrWhiteSpace(Name.En))
        {
            Add("name", "Authoring_Problem_Name", "needs a name in Indonesian (id) and English (en)");
        }
        if (Scale.Min < 0 || Scale.Max <= Scale.Min || Scale.Max > 10)
        {
            Add("scale", "Authoring_Problem_Scale", $"has scale {Scale.Min}-{Scale.Max}: min must be >= 0 and below max, max at most 10", Scale.Min, Scale.Max);
        }
        if (!Elements.Any())
        {
            Add("questions", "Authoring_Problem_NoElement", "has no question of type 'scale' (no scored element)");
        }
        if (Questions.Count(q => q.Overall) > 1)
        {
            Add("questions", "Authoring_Problem_OverallTwice", "marks more than one question as the overall question");
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var orders = new HashSet<int>();
        for (var i = 0; i < Questions.Count; i++)
        {
            var q = Questions[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"questions[{i}]");
            var where = $"question '{q.Code}'";
            if (!System.Text.RegularExpressions.Regex.IsMatch(q.Code, "^[A-Za-z][A-Za-z0-9_]*$"))
            {
                Add($"{at}.code", "Authoring_Problem_QuestionCode", $"{where}: code must be letters, digits or '_' and start with a letter");
            }
            else if (!codes.Add(q.Code))
            {
                Add($"{at}.code", "Authoring_Problem_QuestionCodeTwice", $"{where}: code appears twice", q.Code);
            }
            if (!orders.Add(q.Order))
            {
                Add($"{at}.order", "Authoring_Problem_OrderTwice", $"{where}: display order {q.Order} is used twice", q.Order);
            }
            if (!QuestionTypes.Contains(q.Type))
            {
                Add($"{at}.type", "Authoring_Problem_Type", $"{where}: type '{q.Type}' is not one of {string.Join(", ", QuestionTypes)}", q.Type);
            }
            if (string.IsNullOrWhiteSpace(q.Title.Id) || string.IsNullOrWhiteSpace(q.Title.En))
            {
                Add($"{at}.title", "Authoring_Problem_Title", $"{where}: needs a title in Indonesian (id) and English (en)");
            }
            if (string.IsNullOrWhiteSpace(q.Prompt.Id) || string.IsNullOrWhiteSpace(q.Prompt.En))
            {
                Add($"{at}.prompt", "Authoring_Problem_Prompt", $"{where}: needs prompt text in Indonesian (id) and English (en)");
            }
            if (q.Type == "scale")
            {
                var values = q.Answers.Select(a => a.Value).Order().ToArray();
                var expected = Scale.Max > Scale.Min ? Enumerable.Range(Scale.Min, Scale.Max - Scale.Min + 1).ToArray() : [];
                if (!values.SequenceEqual(expected))
                {
                    Add($"{at}.answers", "Authoring_Problem_ScaleAnswers", $"{where}: answers must be exactly the values {Scale.Min}-{Scale.Max} of the scale", Scale.Min, Scale.Max);
                }
            }
            if (q.Type is "single" or "multiple")
            {
                if (q.Answers.Count < 2)
                {
                    Add($"{at}.answers", "Authoring_Problem_ChoiceAnswers", $"{where}: a choice question needs at least two answers");
                }
                else if (q.Answers.Select(a => a.Value).Distinct().Count() != q.Answers.Count)
                {
                    Add($"{at}.answers", "Authoring_Problem_AnswerValueTwice", $"{where}: two answers have the same value");
                }
            }
            else if (q.Type is "text" or "number" && q.Answers.Count > 0)
            {
                Add($"{at}.answers", "Authoring_Problem_AnswersNotAllowed", $"{where}: a {q.Type} question has no answers to choose from", q.Type);
            }
            for (var j = 0; j < q.Answers.Count; j++)
            {
                var a = q.Answers[j];
                if (string.IsNullOrWhiteSpace(a.Id) || string.IsNullOrWhiteSpace(a.En))
                {
                    Add(string.Create(CultureInfo.InvariantCulture, $"{at}.answers[{j}]"), "Authoring_Problem_AnswerLabel",
                        $"{where}: answer {a.Value} needs a label in Indonesian (id) and English (en)", a.Value);
                }
            }
            if (q.Overall && q.Type != "single")
            {
                Add($"{at}.overall", "Authoring_Problem_OverallNotSingle", $"{where}: only a 'single' question can be the overall question");
            }
            if ((q.Min is not null || q.Max is not null) && q.Type != "number")
            {
                Add($"{at}.min", "Authoring_Problem_MinMaxNotNumber", $"{where}: min and max apply to a 'number' question only");
            }
            else if (q.Min is decimal min && q.Max is decimal max && min > max)
            {
                Add($"{at}.min", "Authoring_Problem_MinAboveMax", $"{where}: min {min} is above max {max}", min, max);
            }
            if (q.MaxLength is int length && (q.Type != "text" || length < 1 || length > MaxTextLength))
            {
                Add($"{at}.maxLength", "Authoring_Problem_MaxLength", $"{where}: maxLength applies to a 'text' question only, from 1 to {MaxTextLength}", MaxTextLength);
            }
        }
        return problems;
    }
}

/// <summary>One problem of a template: the field (JSON path), a resource key with its arguments, and the English sentence for files.</summary>
public sealed record TemplateProblem(string Field, string Key, string Message, object[] Args);

public sealed class TemplateFileException(string fileName, string problem)
    : Exception($"Survey template {Path.GetFileName(fileName)} {problem}.")
{
    public string FileName { get; } = fileName;
}
