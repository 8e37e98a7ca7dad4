using System.Text.Json;

namespace MppSurvey.Web.Api;

/// <summary>
/// Finds text in a request body that is not Unicode: a lone surrogate sent as a JSON escape
/// ("\ud800") or bytes that are not UTF-8. Such text parses as JSON, but reading it as a string
/// throws, and whatever read it first (a free-text answer, a dictionary key) would answer 500.
/// Checked once over the whole document, before any field is read, so that every place a string
/// is used later may assume it is well-formed.
/// </summary>
public static class BrokenText
{
    /// <returns>The field holding the first broken text, named as in the body (`other.Q1`, `suggestion`; `body` at the top), or null when all text is sound.</returns>
    public static string? Find(JsonElement root) => Find(root, "body");

    private static string? Find(JsonElement element, string field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(element) ? null : field;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, field) is { } broken)
                    {
                        return broken;
                    }
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        // A broken property name cannot name itself: the object holding it is named.
                        return field;
                    }
                    if (Find(property.Value, field == "body" ? name : $"{field}.{name}") is { } broken)
                    {
                        return broken;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(JsonElement text)
    {
        try
        {
            _ = text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
