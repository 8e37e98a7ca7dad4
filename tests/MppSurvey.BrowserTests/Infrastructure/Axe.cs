using System.Text.Json;
using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>axe-core (npm, tests/MppSurvey.BrowserTests/package.json) run inside the page, WCAG 2.1 A and AA rules.</summary>
public static class Axe
{
    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("axe-core is missing: run `npm ci` in tests/MppSurvey.BrowserTests.");
    });

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        await ToolScript.InjectAsync(page, ScriptPath.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              if (r.passes.length === 0) throw new Error('axe checked nothing');
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<Violation[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public static string Describe(IEnumerable<Violation> violations) =>
        string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets.Take(5))}"));
}
