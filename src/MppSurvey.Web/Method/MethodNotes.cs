using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace MppSurvey.Web.Method;

/// <summary>
/// The method notes (docs/method.md) as HTML for the /metode page. The file is embedded in this
/// assembly at build time, so the page reads the notes that were built with the code and never the
/// working directory. Rendered once per process: the text cannot change while the app runs.
/// </summary>
public static class MethodNotes
{
    /// <summary>The manifest name given to docs/method.md in MppSurvey.Web.csproj.</summary>
    public const string ResourceName = "MppSurvey.Web.docs.method.md";

    private static readonly Lazy<string> Rendered = new(() => ToHtml(WithoutTitle(ReadMarkdown())));

    /// <summary>
    /// The notes as HTML without their own title (the page has a title in the reader's language);
    /// every heading has an id (its explicit <c>{#id}</c> or one derived from its text).
    /// </summary>
    public static string Html => Rendered.Value;

    public static string ReadMarkdown()
    {
        using var stream = typeof(MethodNotes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing: check the EmbeddedResource of docs/method.md in MppSurvey.Web.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The markdown without a leading "# title" line.</summary>
    public static string WithoutTitle(string markdown)
    {
        var text = markdown.TrimStart('\uFEFF');
        if (!text.StartsWith("# ", StringComparison.Ordinal))
        {
            return text;
        }
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? "" : text[(end + 1)..];
    }

    /// <summary>
    /// Markdown to HTML with raw HTML disabled (it is written out as text, never as markup), pipe
    /// tables, and heading ids: explicit ones from <c>{#id}</c> (the links /metode#ikm,
    /// /metode#over-dispersion, /metode#shrinkage depend on them), GitHub-style ones for the rest.
    /// </summary>
    public static string ToHtml(string markdown)
    {
        var pipeline = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .DisableHtml()
            // Markdig's rule: the generic attributes extension is added last.
            .UseGenericAttributes()
            .Build();
        return Markdown.ToHtml(markdown, pipeline);
    }
}
