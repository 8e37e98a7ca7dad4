using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.BadInput;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// What /Admin/Import says about a bad upload, beside the file field: a bad cell named once by its
/// row and column (never "Baris 5, kolom U6: baris 5, kolom U6: ..."), in Indonesian and English,
/// and a file over the size limit answered with the form and its message, not 413, 400 or 500.
/// </summary>
public sealed class ImportMessageTests(ImportAndWorkbookTests.Fixture app) : IClassFixture<ImportAndWorkbookTests.Fixture>
{
    private const string Header = "No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n";
    private const string Good = "4;4;4;4;4;4;4;3;4\n";

    private async Task<HttpResponseMessage> UploadAsync(HttpClient client, string culture, string fileName, byte[] content)
    {
        var suffix = culture == "en" ? "?culture=en" : "";
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import" + suffix);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("2024-S1"), "PeriodCode" },
            { new ByteArrayContent(content), "Upload", fileName },
        };
        return await client.PostAsync("/Admin/Import" + suffix, form);
    }

    private async Task<int> ImportsAsync()
    {
        await using var scope = app.Scope();
        return await app.Db(scope).ResponseImports.CountAsync() + await app.Db(scope).Responses.CountAsync();
    }

    [Theory]
    // Row 5 of the file is its fourth respondent (row 1 is the header).
    [InlineData("id", "3;4;4;4;4;4;7;4;4;4", "Baris 5, kolom U6: nilai 7 di luar 1-4.")]
    [InlineData("en", "3;4;4;4;4;4;7;4;4;4", "Row 5, column U6: the value 7 is outside 1-4.")]
    [InlineData("id", "3;4;4;4;4;4;empat;4;4;4", "Baris 5, kolom U6: 'empat' bukan bilangan bulat 1-4.")]
    [InlineData("en", "3;4;4;4;4;4;2,5;4;4;4", "Row 5, column U6: '2,5' is not a whole number 1-4.")]
    public async Task A_bad_cell_is_named_once_by_row_and_column_in_the_users_language(string culture, string row5, string message)
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);
        var csv = Header + "1;" + Good + "2;" + Good + "3;" + Good + row5 + "\n";
        var before = await ImportsAsync();

        var response = await UploadAsync(client, culture, "lama.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, Forms.ErrorBeside(await response.Content.ReadAsStringAsync(), "file-error"));
        Assert.Equal(before, await ImportsAsync());
    }

    [Theory]
    [InlineData("id", "No;U1;U2;U3;U4;U5;U6;U7;U8\n1;4;4;4;4;4;4;4;4\n", "Baris judul (baris 1) tidak memiliki kolom U9.")]
    [InlineData("en", "No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;\"4;4;4;4;4\n", "Row 2: a quote is not closed.")]
    public async Task A_bad_header_or_quote_is_named_once_too(string culture, string csv, string message)
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);

        var response = await UploadAsync(client, culture, "lama.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, Forms.ErrorBeside(await response.Content.ReadAsStringAsync(), "file-error"));
    }

    [Theory]
    [InlineData("id", "Berkas ini lebih besar dari 10 MB, batas unggahan. Bagi datanya menjadi beberapa berkas, atau simpan sebagai .csv yang jauh lebih kecil.")]
    [InlineData("en", "This file is larger than 10 MB, the upload limit. Split the data into several files, or save it as a much smaller .csv.")]
    public async Task An_oversized_upload_comes_back_to_the_form_with_the_limit_beside_the_file_field_and_imports_nothing(string culture, string message)
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", ImportAndWorkbookTests.Password);
        var before = await ImportsAsync();
        // A valid CSV, just too long: 11 MB of respondents.
        var big = new StringBuilder(Header);
        for (var i = 1; big.Length < 11 * 1024 * 1024; i++)
        {
            big.Append(i).Append(';').Append(Good);
        }

        var response = await UploadAsync(client, culture, "besar.csv", Encoding.UTF8.GetBytes(big.ToString()));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Admin/Import?upload=too-large", location, StringComparison.Ordinal);
        var form = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(message, Forms.ErrorBeside(await form.Content.ReadAsStringAsync(), "file-error"));
        Assert.Equal(before, await ImportsAsync());
    }
}
