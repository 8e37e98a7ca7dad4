using MppSurvey.Core.Database;
using MppSurvey.Web.Hosting;
using Npgsql;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// Database:PasswordFile, the one secret that docker-compose.yml gives both PostgreSQL
/// (POSTGRES_PASSWORD_FILE) and the app: read as the file holds it, less one trailing line break.
/// </summary>
public sealed class DatabasePasswordFileTests : IDisposable
{
    private const string Configured = "Host=db;Database=mppsurvey;Username=mppsurvey";
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mppsurvey-password-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("s3cret;Host=evil\n", "s3cret;Host=evil")]
    [InlineData("s3cret\r\n", "s3cret")]
    [InlineData("s3cret", "s3cret")]
    [InlineData(" two words \n\n", " two words \n")]
    public void The_password_is_the_file_less_one_line_break_and_cannot_change_the_rest_of_the_connection(string content, string password)
    {
        File.WriteAllText(_file, content);

        var result = new NpgsqlConnectionStringBuilder(DatabaseHosting.WithPasswordFile(Configured, _file));

        Assert.Equal(password, result.Password);
        Assert.Equal("db", result.Host);
        Assert.Equal("mppsurvey", result.Database);
    }

    [Fact]
    public void Without_the_setting_the_connection_string_is_used_as_configured() =>
        Assert.Equal(Configured, DatabaseHosting.WithPasswordFile(Configured, null));

    [Fact]
    public void A_missing_or_empty_file_stops_start_up_with_a_sentence_naming_the_setting()
    {
        var missing = Assert.Throws<StartupException>(() => DatabaseHosting.WithPasswordFile(Configured, _file));
        Assert.StartsWith($"Database__PasswordFile {_file} cannot be read (", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(_file, "\n");
        var empty = Assert.Throws<StartupException>(() => DatabaseHosting.WithPasswordFile(Configured, _file));
        Assert.Equal($"Database__PasswordFile {_file} is empty.", empty.Message);
    }
}
