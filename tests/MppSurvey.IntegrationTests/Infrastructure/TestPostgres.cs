using Npgsql;
using MppSurvey.Core.Database;

namespace MppSurvey.IntegrationTests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: ConnectionStrings__MppSurvey when it is set (its
/// server hosts the test databases), otherwise a private throw-away server in a temporary folder,
/// stopped and deleted when the test process exits. Each test class gets its own database.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> AdminConnection = new(StartServer, LazyThreadSafetyMode.ExecutionAndPublication);
    private static PrivatePostgres? _server;

    private static string StartServer()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__MppSurvey");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        }
        RemoveStaleServers();
        var dir = Path.Combine(Path.GetTempPath(), $"mppsurvey-tests-{Environment.ProcessId}");
        _server = PrivatePostgres.Start(dir, durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            _server.Stop();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is in the temporary directory anyway.
            }
        };
        return _server.ConnectionString();
    }

    /// <summary>
    /// The exit handler does not always get to delete its folder (the test host may be killed first):
    /// clear the folders of earlier runs whose process is gone and whose server is not running.
    /// </summary>
    private static void RemoveStaleServers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "mppsurvey-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(dir)["mppsurvey-tests-".Length..], System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || IsAlive(pid) || File.Exists(Path.Combine(dir, "postmaster.pid")))
            {
                continue;
            }
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Another run may be clearing it at the same moment.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnection.Value);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnection.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A connection string for a database that does not exist yet (the app creates it).</summary>
    public static string UnusedDatabase() =>
        new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = "t_" + Guid.NewGuid().ToString("N")[..16] }.ConnectionString;
}
