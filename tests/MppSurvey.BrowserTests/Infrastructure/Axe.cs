using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// axe-core run inside the page, WCAG 2.1 A and AA rules plus best practice. The engine is the one
/// bundled in the NuGet package Deque.AxeCore.Commons, so the browser tests need no npm. It is
/// evaluated through the DevTools protocol, not added as a script tag: an inline &lt;script&gt; is
/// exactly what the app's Content-Security-Policy (script-src 'self') refuses, and the tests keep
/// that policy on. axe.run is called here rather than through Deque.AxeCore.Playwright's RunAxe,
/// which opens a second page per audit to gather frame results and took three times as long
/// (README, Decisions); the app's pages have no frames.
/// </summary>
public static class Axe
{
    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    private static readonly Lazy<string> Source = new(() => new BundledAxeScriptProvider().GetScript());

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        // Wrapped in a function body so that Playwright never mistakes the source for a function to call.
        await page.EvaluateAsync("source => { (0, eval)(source); }", Source.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
                resultTypes: ['violations'] });
              // A page that never rendered (an error, a blank document) would otherwise pass every audit.
              if (r.passes.length === 0) throw new Error('axe checked nothing');
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<Violation[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public static string Describe(IEnumerable<Violation> violations) =>
        string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets.Take(5))}"));
}
