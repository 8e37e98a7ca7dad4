using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// Puts a test tool (axe-core, jsQR) into the page. Not with AddScriptTag: an inline &lt;script&gt;
/// is exactly what the app's Content-Security-Policy (script-src 'self') refuses, and the tests keep
/// that policy on instead of bypassing it. Evaluating through the DevTools protocol is outside CSP
/// and touches nothing the app serves.
/// </summary>
public static class ToolScript
{
    public static async Task InjectAsync(IPage page, string path)
    {
        var source = await File.ReadAllTextAsync(path);
        // Wrapped in a function body so that Playwright never mistakes the file for a function to call.
        await page.EvaluateAsync("source => { (0, eval)(source); }", source);
    }
}
