using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MppSurvey.Bench;

/// <summary>
/// The real web app (Release build, Production environment) on the benchmark database, in a
/// process of its own, as a single-server installation runs it. No Hangfire workers: the
/// benchmarks measure requests, not background work.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    private readonly Process _process;

    private BenchApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The app's process (for its CPU time).</summary>
    public int ProcessId => _process.Id;

    public static async Task<BenchApp> StartAsync(string root, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var web = Path.Combine(root, "src", "MppSurvey.Web");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(web, "bin", "Release", "net10.0", "MppSurvey.Web.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ConnectionStrings__MppSurvey"] = connectionString;
        psi.Environment["PublicOrigin"] = "https://skm.bench.test";
        psi.Environment["Jobs__RunServer"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var app = new BenchApp(process, $"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await probe.GetAsync(app.BaseUrl + "/Account/Login")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException) when (i < 240 && !process.HasExited)
            {
            }
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
