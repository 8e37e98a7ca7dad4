using System.Text.Json;
using System.Text.Json.Nodes;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Responses;

/// <summary>
/// Checks the answers to a version's unscored questions (responses.other_answers) and turns them
/// into the JSON stored with the response. Field errors are named `other.{code}`. A single choice
/// and a number are JSON numbers, a multiple choice an array of numbers, a text a string; a choice
/// is the answer's value as the template defines it, never its label (labels differ by language).
/// </summary>
public static class OtherAnswers
{
    /// <returns>The JSON object to store, or null when nothing was answered (or something was wrong: see <paramref name="errors"/>).</returns>
    public static string? Read(TemplateFile file, int version, IReadOnlyDictionary<string, JsonElement> given, List<FieldError> errors)
    {
        var stored = new JsonObject();
        var wrong = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, value) in given)
        {
            var field = $"other.{code}";
            void Fail(string key, params object[] args)
            {
                errors.Add(new FieldError(field, key, args));
                wrong.Add(code);
            }

            var question = file.OtherQuestions.FirstOrDefault(q => string.Equals(q.Code, code, StringComparison.Ordinal));
            if (question is null)
            {
                Fail("Error_OtherUnknown", code, version);
                continue;
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }
            switch (question.Type)
            {
                case "single":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var choice))
                    {
                        Fail("Error_OtherExpectChoice");
                    }
                    else if (question.Answers.All(a => a.Value != choice))
                    {
                        Fail("Error_OtherNotAnAnswer", choice);
                    }
                    else
                    {
                        stored[code] = choice;
                    }
                    break;
                case "multiple":
                    var choices = new List<int>();
                    if (value.ValueKind != JsonValueKind.Array)
                    {
                        Fail("Error_OtherExpectChoices");
                        break;
                    }
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var c))
                        {
                            Fail("Error_OtherExpectChoices");
                        }
                        else if (question.Answers.All(a => a.Value != c))
                        {
                            Fail("Error_OtherNotAnAnswer", c);
                        }
                        else if (choices.Contains(c))
                        {
                            Fail("Error_OtherChoiceRepeated", c);
                        }
                        else
                        {
                            choices.Add(c);
                        }
                    }
                    if (!wrong.Contains(code) && choices.Count > 0)
                    {
                        stored[code] = new JsonArray(choices.Select(c => (JsonNode?)c).ToArray());
                    }
                    break;
                case "text":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        Fail("Error_OtherExpectText");
                        break;
                    }
                    var text = value.GetString()!.Trim();
                    if (text.Length > question.TextLimit)
                    {
                        Fail("Error_OtherTooLong", question.TextLimit);
                    }
                    else if (text.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\r' and not '\t'))
                    {
                        Fail("Error_OtherControlCharacters");
                    }
                    else if (text.Length > 0)
                    {
                        stored[code] = text;
                    }
                    break;
                case "number":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
                    {
                        Fail("Error_OtherExpectNumber");
                    }
                    else if (question.Min is decimal min && number < min)
                    {
                        Fail("Error_OtherBelowMin", min);
                    }
                    else if (question.Max is decimal max && number > max)
                    {
                        Fail("Error_OtherAboveMax", max);
                    }
                    else
                    {
                        stored[code] = number;
                    }
                    break;
            }
        }
        foreach (var question in file.OtherQuestions.Where(q => q.Required && !stored.ContainsKey(q.Code) && !wrong.Contains(q.Code)))
        {
            errors.Add(new FieldError($"other.{question.Code}", "Error_OtherRequired", question.Code));
        }
        return stored.Count == 0 ? null : stored.ToJsonString();
    }
}
