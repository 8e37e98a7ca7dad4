using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>Expired sessions and missing or foreign antiforgery tokens on every protected form.</summary>
public sealed partial class BadInputFormTests
{
    // ---------------------------------------------------------------- expired session and missing antiforgery token

    public static TheoryData<string, string, string?, string> ProtectedForms => new()
    {
        { "add an agency", "/Admin/Instansi", "AddAgency", "Name=Sisipan" },
        { "start a survey", "/Admin/Survei", "Start", "VersionId={skm}&PeriodCode={next}" },
        { "save a follow-up plan", "/Admin/TindakLanjut", null, "mpp=35.17&Rows[0].ElementCode=U1&Rows[0].Action=Sisipan&Rows[0].Status=Planned" },
        { "invite a user", "/Admin/Pengguna", "Invite", "Input.Email=sisipan@korpus.test&Input.DisplayName=Sisipan&Input.Role=Ministry" },
        { "enrol a kiosk", "/Admin/Kiosks", "Enrol", "Name=Sisipan" },
    };

    [Theory]
    [MemberData(nameof(ProtectedForms))]
    public async Task Form_post_with_an_antiforgery_token_but_no_session_is_sent_to_login_and_writes_nothing(string form, string page, string? handler, string fields)
    {
        var before = await App.CountsAsync();
        var client = LoginClient.Anonymous(App);
        // A token the anonymous visitor can get (from the login page): the session, not the token, is what is missing.
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login");

        var response = await client.PostAsync(page + (handler is null ? "" : "?handler=" + handler), new FormUrlEncodedContent(Fields(fields, token)));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{form}: {(int)response.StatusCode}");
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await App.CountsAsync());
    }

    [Theory]
    [MemberData(nameof(ProtectedForms))]
    public async Task Form_post_without_an_antiforgery_token_by_a_signed_in_user_gets_400_and_writes_nothing(string form, string page, string? handler, string fields)
    {
        var email = page == "/Admin/Pengguna" ? BadInputFixture.Admin : BadInputFixture.MppAdmin;
        var client = await App.SignedInAsync(email);
        var before = await App.CountsAsync();

        var response = await client.PostAsync(page + (handler is null ? "" : "?handler=" + handler), new FormUrlEncodedContent(Fields(fields, null)));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{form}: {(int)response.StatusCode}");
        Assert.Equal(before, await App.CountsAsync());
    }

    [Theory]
    [InlineData("the login form")]
    [InlineData("the kiosk enrolment form")]
    public async Task Form_anonymous_post_without_an_antiforgery_token_gets_400(string form)
    {
        var before = await App.CountsAsync();
        var client = LoginClient.Anonymous(App);
        var (page, fields) = form == "the login form"
            ? ("/Account/Login", Of(("Input.Email", BadInputFixture.Head), ("Input.Password", BadInputFixture.Password)))
            : ("/kios", Of(("Code", App.ExpiredEnrolmentCode)));

        var response = await client.PostAsync(page, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(before, await App.CountsAsync());
    }

    [Fact]
    public async Task Form_post_with_another_users_antiforgery_token_gets_400_and_writes_nothing()
    {
        var admin = await App.SignedInAsync(BadInputFixture.Admin);
        var mpp = await App.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await App.CountsAsync();
        var foreignToken = await LoginClient.AntiforgeryTokenAsync(admin, "/Admin/Instansi?mpp=35.17");

        var response = await mpp.PostAsync("/Admin/Instansi?handler=AddAgency", new FormUrlEncodedContent(Of(("Name", "Sisipan"), ("__RequestVerificationToken", foreignToken))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await App.CountsAsync());
    }

    private List<KeyValuePair<string, string>> Fields(string fields, string? token)
    {
        var list = fields.Split('&').Select(f => f.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p[1]
                .Replace("{skm}", Inv(App.SkmVersionId), StringComparison.Ordinal)
                .Replace("{next}", App.NextPeriod, StringComparison.Ordinal)))
            .ToList();
        if (fields.Contains("Rows[", StringComparison.Ordinal))
        {
            list.Add(new("periode", App.OpenPeriod));
        }
        if (token is not null)
        {
            list.Add(new("__RequestVerificationToken", token));
        }
        return list;
    }
}
