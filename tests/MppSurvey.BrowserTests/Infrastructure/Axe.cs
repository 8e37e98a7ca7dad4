using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// axe-core run inside the page, WCAG 2.1 A and AA rules plus best practice. The engine comes with the
/// NuGet package Deque.AxeCore.Playwright, so the browser tests need no npm. It evaluates axe through
/// the DevTools protocol, outside the app's Content-Security-Policy, which the tests keep on.
/// </summary>
public static class Axe
{
    public sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        // Passes are needed for the guard below; incomplete and inapplicable results are not read.
        ResultTypes = [ResultType.Violations, ResultType.Passes],
    };

    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page)
    {
        var result = await page.RunAxe(Options);
        // A page that never rendered (an error, a blank document) would otherwise pass every audit.
        if (result.Passes is null || result.Passes.Length == 0)
        {
            throw new InvalidOperationException($"axe checked nothing on {page.Url}");
        }
        return result.Violations
            .Select(v => new Violation(v.Id, v.Impact ?? "", v.Help, v.Nodes.Select(n => n.Target.ToString()).ToArray()))
            .ToList();
    }

    public static string Describe(IEnumerable<Violation> violations) =>
        string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets.Take(5))}"));
}
