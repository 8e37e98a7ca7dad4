using System.Diagnostics;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Startup;

/// <summary>Runs the real app binary with bad configuration: one clear sentence and a non-zero exit, never a stack trace.</summary>
public sealed class StartupFailureTests
{
    /// <summary>Also used by the other sections' start-up tests (e-mail), so one runner serves every settings check.</summary>
    /// <param name="stopOn">Sends SIGTERM (systemctl stop, docker stop, Ctrl+C) once a line of the app's output contains this, while start-up still runs.</param>
    internal static async Task<(int exit, string output)> RunAppAsync(Dictionary<string, string?> environment, string? stopOn = null)
    {
        var dll = typeof(Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        psi.Environment.Remove("ConnectionStrings__MppSurvey");
        // Production needs PublicOrigin; a test about it removes or changes this one.
        psi.Environment["PublicOrigin"] = "https://skm.uji.test";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = "";
        if (stopOn is not null)
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                before += line + "\n";
                if (line.Contains(stopOn, StringComparison.Ordinal))
                {
                    using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                    await kill.WaitForExitAsync(timeout.Token);
                    break;
                }
            }
        }
        var stdout = ReadRestAsync(process.StandardOutput, before);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The app did not stop on bad configuration: " + await stdout);
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> ReadRestAsync(StreamReader output, string before) => before + await output.ReadToEndAsync();

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);

    [Fact]
    public async Task An_unreachable_database_ends_start_up_with_one_clear_message()
    {
        var (exit, output) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Port 9 (discard) on loopback: nothing listens there.
            ["ConnectionStrings__MppSurvey"] = "Host=127.0.0.1;Port=9;Database=mppsurvey;Username=postgres;Timeout=2",
            ["Database__ConnectTimeoutSeconds"] = "3",
        });

        Assert.Equal(1, exit);
        Assert.Contains("MppSurvey cannot start: Cannot reach PostgreSQL at 127.0.0.1:9", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task Missing_server_binaries_name_the_package_to_install_and_the_setting_to_use()
    {
        var (exit, output) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__PostgresBinDirectory"] = "/nonexistent/postgresql/bin",
            ["Database__DataDirectory"] = Path.Combine(Path.GetTempPath(), "mppsurvey-never-created"),
        });

        Assert.Equal(1, exit);
        Assert.Contains("apt-get install postgresql", output);
        Assert.Contains("ConnectionStrings__MppSurvey", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task Outside_Development_a_missing_connection_string_is_an_error_not_a_private_server()
    {
        var (exit, output) = await RunAppAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, exit);
        Assert.Contains("ConnectionStrings__MppSurvey is not set", output);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_broken_template_file_stops_start_up_naming_the_file_and_the_problem()
    {
        var templates = Directory.CreateTempSubdirectory("mppsurvey-templates-");
        var broken = File.ReadAllText(FindTemplate()).Replace("\"value\": 4", "\"value\": 5", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(templates.FullName, "skm.v1.json"), broken);

        var (exit, output) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__MppSurvey"] = TestPostgres.UnusedDatabase(),
            ["Templates__Directory"] = templates.FullName,
        });

        Assert.Equal(1, exit);
        Assert.Contains("Survey template skm.v1.json question 'U1': answers must be exactly the values 1-4 of the scale", output);
        AssertNoStackTrace(output);
        templates.Delete(recursive: true);
    }

    /// <summary>
    /// Production as an IT office runs it (with its public origin), on a database where nothing
    /// listens: a setting's check must end start-up before the database is tried.
    /// </summary>
    private static Dictionary<string, string?> ProductionWith(params (string Variable, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["PublicOrigin"] = "https://skm.jombangkab.go.id",
            ["ConnectionStrings__MppSurvey"] = "Host=127.0.0.1;Port=9;Database=mppsurvey;Username=postgres;Timeout=2",
            ["Database__ConnectTimeoutSeconds"] = "3",
        };
        foreach (var (variable, value) in settings)
        {
            environment[variable] = value;
        }
        return environment;
    }

    /// <summary>The one line the operator reads, whole: the sentence and nothing after it.</summary>
    private static void AssertOneSentence(string sentence, string output)
    {
        Assert.Contains("MppSurvey cannot start: " + sentence, output.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Single(output.Split('\n'), l => l.StartsWith("MppSurvey cannot start", StringComparison.Ordinal));
        AssertNoStackTrace(output);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        // Stopped before the database: DatabasePreparer would have said it was retrying 127.0.0.1:9.
        Assert.DoesNotContain("127.0.0.1:9", output, StringComparison.Ordinal);
    }

    [Theory]
    // The proxy list: a host name where an address belongs (it used to throw FormatException with a stack trace).
    [InlineData("ReverseProxy__KnownProxies__0", "proxy.lan",
        "ReverseProxy:KnownProxies (ReverseProxy__KnownProxies) must list IP addresses such as 10.0.0.5 or fd00::5, not host names or networks (one is \"proxy.lan\").")]
    [InlineData("ReverseProxy__KnownNetworks__0", "10.0.0.0",
        "ReverseProxy:KnownNetworks (ReverseProxy__KnownNetworks) must list networks in CIDR form such as 10.0.0.0/24 (one is \"10.0.0.0\").")]
    [InlineData("Survey__KioskCooldownSeconds", "-5",
        "Survey:KioskCooldownSeconds (Survey__KioskCooldownSeconds) must be 0 or more (it is -5).")]
    // Text where a number belongs: the binder's own exception would name a .NET type and print its stack.
    [InlineData("Survey__RateLimit__WindowSeconds", "satu menit",
        "Survey:RateLimit:WindowSeconds (Survey__RateLimit__WindowSeconds) must be a number, with a point for decimals (it is \"satu menit\").")]
    [InlineData("Survey__KioskCooldownSeconds", "2,5",
        "Survey:KioskCooldownSeconds (Survey__KioskCooldownSeconds) must be a number, with a point for decimals (it is \"2,5\").")]
    // An empty value, as `Survey__KioskIdleSeconds=` in a unit file leaves it.
    [InlineData("Survey__KioskIdleSeconds", "",
        "Survey:KioskIdleSeconds (Survey__KioskIdleSeconds) must be a whole number (it is \"\").")]
    // Read before the host is built (it decides whether workers are registered).
    [InlineData("Jobs__LockTimeoutSeconds", "10 menit",
        "Jobs:LockTimeoutSeconds (Jobs__LockTimeoutSeconds) must be a whole number (it is \"10 menit\").")]
    [InlineData("Jobs__RunServer", "ya",
        "Jobs:RunServer (Jobs__RunServer) must be true or false (it is \"ya\").")]
    // The weekly digest's schedule, written in words instead of cron.
    [InlineData("Jobs__DigestCron", "setiap Senin",
        "Jobs:DigestCron (Jobs__DigestCron) must be a cron expression of 5 fields, or 6 with seconds, in UTC, such as \"0 0 * * 1\" (it is \"setiap Senin\").")]
    [InlineData("Jobs__AlertSweepCron", "5 menit",
        "Jobs:AlertSweepCron (Jobs__AlertSweepCron) must be a cron expression of 5 fields, or 6 with seconds, in UTC, such as \"*/5 * * * *\" (it is \"5 menit\").")]
    [InlineData("Health__TimeoutSeconds", "0",
        "Health:TimeoutSeconds (Health__TimeoutSeconds) must be between 0.5 and 30 (it is 0).")]
    [InlineData("Demo__Seed", "true",
        "Demo:Seed (Demo__Seed) is true in the Production environment, but the demo's accounts have the README's published password, so demo data is loaded only in Development (remove the setting).")]
    // A folder where the secret's file belongs (a Docker secret mounted one level too high): not "access denied".
    [InlineData("Database__PasswordFile", "/tmp",
        "Database:PasswordFile (Database__PasswordFile) names a folder, not the file that holds the database password (it is \"/tmp\").")]
    [InlineData("DataProtection__CertificatePath", "/nonexistent/mppsurvey-keys.pfx",
        "DataProtection:CertificatePath (DataProtection__CertificatePath) names a file that does not exist (it is \"/nonexistent/mppsurvey-keys.pfx\").")]
    public async Task A_bad_setting_stops_start_up_with_one_sentence_naming_it_before_the_database_is_tried(string variable, string value, string sentence)
    {
        var (exit, output) = await RunAppAsync(ProductionWith((variable, value)));

        Assert.Equal(1, exit);
        AssertOneSentence(sentence, output);
    }

    [Fact]
    public async Task Several_bad_settings_are_each_named_on_a_line_of_their_own()
    {
        var (exit, output) = await RunAppAsync(ProductionWith(
            ("Survey__KioskCooldownSeconds", "-1"),
            ("Survey__RateLimit__PermitLimit", "0"),
            ("ReverseProxy__KnownProxies", "10.0.0.5,gateway")));

        Assert.Equal(1, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("MppSurvey cannot start: ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "MppSurvey cannot start: ReverseProxy:KnownProxies (ReverseProxy__KnownProxies) must list IP addresses such as 10.0.0.5 or fd00::5, not host names or networks (one is \"gateway\").",
            "MppSurvey cannot start: Survey:KioskCooldownSeconds (Survey__KioskCooldownSeconds) must be 0 or more (it is -1).",
            "MppSurvey cannot start: Survey:RateLimit:PermitLimit (Survey__RateLimit__PermitLimit) must be 1 or more (it is 0).",
        ], lines);
        AssertNoStackTrace(output);
        Assert.DoesNotContain("127.0.0.1:9", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The operator stops the service while start-up still waits for PostgreSQL (a database that is
    /// down, then `systemctl stop`): the app ends with one line saying so, not a cancelled query's stack trace.
    /// </summary>
    [Fact]
    public async Task A_stop_during_start_up_ends_quietly_with_one_line_and_no_stack_trace()
    {
        var (exit, output) = await RunAppAsync(ProductionWith(("Database__ConnectTimeoutSeconds", "60")), stopOn: "not reachable yet");

        Assert.Equal(0, exit);
        Assert.Contains("MppSurvey stopped before it finished starting.", output.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task Outside_Development_a_missing_public_origin_stops_start_up_naming_the_setting()
    {
        var (exit, output) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__MppSurvey"] = TestPostgres.UnusedDatabase(),
            ["PublicOrigin"] = null,
        });

        Assert.Equal(1, exit);
        Assert.Contains("MppSurvey cannot start: PublicOrigin is not set", output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "cannot start"));
        AssertNoStackTrace(output);
    }

    [Theory]
    [InlineData("skm.jombangkab.go.id")]
    [InlineData("https://skm.jombangkab.go.id/survei")]
    [InlineData("ftp://skm.jombangkab.go.id")]
    [InlineData("https://admin:rahasia@skm.jombangkab.go.id")]
    public async Task A_public_origin_that_is_not_a_bare_web_address_stops_start_up_naming_it(string value)
    {
        var (exit, output) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__MppSurvey"] = TestPostgres.UnusedDatabase(),
            ["PublicOrigin"] = value,
        });

        Assert.Equal(1, exit);
        Assert.Contains("MppSurvey cannot start: PublicOrigin must be a bare https:// (or http://) address without a path", output);
        AssertNoStackTrace(output);
    }

    private static string FindTemplate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "survey-templates", "skm.v1.json");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("survey-templates/skm.v1.json");
    }
}
