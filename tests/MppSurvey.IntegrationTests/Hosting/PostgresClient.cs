using System.Diagnostics;
using Npgsql;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// PostgreSQL's own client programs (psql, pg_dump, pg_restore), run exactly as the README tells an
/// operator to, against a test database. They connect over TCP, so they run as whoever runs the tests.
/// </summary>
internal static class PostgresClient
{
    /// <summary>The newest /usr/lib/postgresql/N/bin that has the program (the suite's server comes from there too).</summary>
    public static string Program(string name) =>
        Directory.GetDirectories("/usr/lib/postgresql")
            .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
            .OrderByDescending(d => d.version)
            .Select(d => Path.Combine(d.dir, "bin", name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} not found under /usr/lib/postgresql/*/bin (Debian's postgresql package).");

    /// <summary>Runs the program with -h/-p/-U/-d taken from the connection string; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string program, string connectionString, params string[] arguments)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo(Program(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database! })
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        if (!string.IsNullOrEmpty(target.Password))
        {
            psi.Environment["PGPASSWORD"] = target.Password;
        }
        return await RunAsync(psi, TimeSpan.FromMinutes(2));
    }

    public static async Task<string> RunAsync(ProcessStartInfo psi, TimeSpan timeout)
    {
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}.");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} exited {process.ExitCode}:\n{output}");
        }
        return output;
    }
}
