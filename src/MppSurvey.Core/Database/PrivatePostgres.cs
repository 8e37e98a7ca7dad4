using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace MppSurvey.Core.Database;

/// <summary>
/// A PostgreSQL server of our own, started from Debian's server binaries, for when no connection
/// string is configured (the app in Development, and the test suite). PostgreSQL refuses to run as
/// root, so as root every server command runs as the `postgres` user (stack-notes.md).
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    public const string InstallHint =
        "Install Debian's PostgreSQL server (apt-get install postgresql) or set ConnectionStrings__MppSurvey to an existing server.";

    private readonly string _binDirectory;
    private bool _stopped;

    private PrivatePostgres(string dataDirectory, string binDirectory, int port)
    {
        DataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        Port = port;
    }

    public string DataDirectory { get; }
    public int Port { get; }

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <param name="dataDirectory">Created and initialised when it holds no cluster yet; reused otherwise.</param>
    /// <param name="binDirectory">Server binaries; null looks in /usr/lib/postgresql/*/bin, newest first.</param>
    /// <param name="durable">False turns fsync off: for throw-away test servers only.</param>
    /// <param name="port">A fixed port (a server restarted where its clients expect it); null picks a free one.</param>
    public static PrivatePostgres Start(string dataDirectory, string? binDirectory = null, bool durable = true, int? port = null)
    {
        var bin = FindBinaries(binDirectory);
        dataDirectory = Path.GetFullPath(dataDirectory);
        var asRoot = geteuid() == 0;

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(dataDirectory);
            if (asRoot)
            {
                Run(asRoot: false, "chown", "-R", "postgres:postgres", dataDirectory);
                if (!CanRun(asRoot: true, "test", "-w", dataDirectory))
                {
                    throw new StartupException(
                        $"The postgres user cannot write to {dataDirectory} (a parent folder is closed to it). Set Database:DataDirectory to a folder under /var/tmp, or set ConnectionStrings__MppSurvey.");
                }
            }
            Run(asRoot, Path.Combine(bin, "initdb"), "-D", dataDirectory, "-N", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        }

        var running = RunningPort(dataDirectory);
        if (running is int runningPort)
        {
            return new PrivatePostgres(dataDirectory, bin, runningPort);
        }

        var listen = port ?? FreePort();
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-c port={listen} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200");
        if (!durable)
        {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }
        Run(asRoot, Path.Combine(bin, "pg_ctl"), "start", "-w", "-t", "60", "-D", dataDirectory,
            "-l", Path.Combine(dataDirectory, "server.log"), "-o", options);
        return new PrivatePostgres(dataDirectory, bin, listen);
    }

    /// <summary>
    /// Whether the server could live in this folder: as root it runs as `postgres`, which must be able
    /// to pass through every parent folder (a checkout under /root, mode 700, is closed to it).
    /// </summary>
    public static bool IsReachableByServer(string dataDirectory)
    {
        if (geteuid() != 0)
        {
            return true;
        }
        var existing = new DirectoryInfo(Path.GetFullPath(dataDirectory));
        while (existing is not null && !existing.Exists)
        {
            existing = existing.Parent;
        }
        return existing is null || CanRun(asRoot: true, "test", "-x", existing.FullName);
    }

    /// <param name="immediate">
    /// Stop like a crash or a power cut (`-m immediate`: no checkpoint, clients cut off mid-query);
    /// the next start recovers from the write-ahead log. The fault tests use it.
    /// </param>
    public void Stop(bool immediate = false)
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            Run(geteuid() == 0, Path.Combine(_binDirectory, "pg_ctl"), "stop", "-w", "-t", "60", "-m", immediate ? "immediate" : "fast", "-D", DataDirectory);
        }
    }

    public void Dispose() => Stop();

    internal static string FindBinaries(string? configured)
    {
        static bool Complete(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        if (!string.IsNullOrEmpty(configured))
        {
            return Complete(configured)
                ? configured
                : throw new StartupException($"No PostgreSQL server binaries (initdb, pg_ctl, postgres) in {configured} (Database:PostgresBinDirectory). {InstallHint}");
        }
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(c => c.version)
                .Select(c => c.dir)
            : [];
        return candidates.FirstOrDefault(Complete)
            ?? throw new StartupException($"No PostgreSQL server binaries found in {root}/*/bin. {InstallHint}");
    }

    /// <summary>The port of a server already running on this data directory (left by an earlier run), if any.</summary>
    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanRun(bool asRoot, string file, params string[] args)
    {
        var (exit, _) = Execute(asRoot, file, args);
        return exit == 0;
    }

    private static void Run(bool asRoot, string file, params string[] args)
    {
        var (exit, output) = Execute(asRoot, file, args);
        if (exit != 0)
        {
            throw new StartupException($"PostgreSQL command failed ({Path.GetFileName(file)} {string.Join(' ', args)}): {output.Trim()}");
        }
    }

    private static (int exit, string output) Execute(bool asRoot, string file, string[] args)
    {
        var psi = new ProcessStartInfo(asRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // Postgres must not inherit our locale or a PGPORT meant for another server.
        psi.Environment.Remove("PGPORT");
        psi.Environment.Remove("PGHOST");
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(psi) ?? throw new StartupException($"Could not start {file}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    [DllImport("libc", SetLastError = false)]
#pragma warning disable SYSLIB1054 // a parameterless libc call needs no marshalling source generator
    private static extern uint geteuid();
#pragma warning restore SYSLIB1054
}
