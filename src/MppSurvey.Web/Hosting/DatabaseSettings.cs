namespace MppSurvey.Web.Hosting;

/// <summary>
/// Section `Database` (README, Configuration). `ConnectTimeoutSeconds` (30): how long start-up waits
/// for PostgreSQL. `DataDirectory`, `PostgresBinDirectory`: the private server of Development (read
/// before the host is built, <see cref="DatabaseHosting.ResolveConnectionString"/>). `MigrateOnStartup`
/// (true): whether start-up applies pending migrations, for operators who run them on their own.
/// `PasswordFile`: the database password from a file (<see cref="DatabaseHosting.WithPasswordFile"/>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public int ConnectTimeoutSeconds { get; set; } = 30;
    public string? DataDirectory { get; set; }
    public string? PostgresBinDirectory { get; set; }
    public string? PasswordFile { get; set; }
    public bool MigrateOnStartup { get; set; } = true;

    public static void Check(DatabaseOptions o, SettingChecks c) => c.Between("ConnectTimeoutSeconds", o.ConnectTimeoutSeconds, 1, 3600);
}

/// <summary>
/// Section `Demo`: `Seed` (false) loads the demo's malls, responses and accounts; `Scale` (1.0) its volume.
/// Refused outside Development and the test suite's Testing environment: the demo's accounts have the
/// password printed in the README, so a production database must never receive them.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The environment the integration and browser tests run in, with demo data in their own throw-away databases.</summary>
    public const string TestingEnvironment = "Testing";

    public bool Seed { get; set; }
    public double Scale { get; set; } = 1.0;

    public static Action<DemoOptions, SettingChecks> Rules(IHostEnvironment environment) => (o, c) =>
    {
        c.MoreThan("Scale", o.Scale, 0);
        if (o.Seed && !environment.IsDevelopment() && !environment.IsEnvironment(TestingEnvironment))
        {
            c.Fail("Seed", $"is true in the {environment.EnvironmentName} environment, but the demo's accounts have the README's published password, "
                + "so demo data is loaded only in Development (remove the setting)");
        }
    };
}

/// <summary>Section `Templates`: `Directory`, the survey template files (default survey-templates/ in the checkout).</summary>
public sealed class TemplatesOptions
{
    public const string Section = "Templates";

    public string? Directory { get; set; }

    public string DirectoryOrDefault => !string.IsNullOrWhiteSpace(Directory) ? Directory : Path.Combine(DatabaseHosting.FindRepositoryRoot(), "survey-templates");

    public static void Check(TemplatesOptions o, SettingChecks c)
    {
        if (!string.IsNullOrWhiteSpace(o.Directory) && !System.IO.Directory.Exists(o.Directory))
        {
            c.Fail("Directory", $"names a folder that does not exist (it is {Settings.Quote(o.Directory)})");
        }
    }
}
