using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Authorization;

/// <summary>
/// Issues 6 and 7, the authorization matrix: every non-public page and endpoint against every role
/// (anonymous, MppAdmin, RegionalHead, Ministry, Administrator), and a regional head or MPP admin of
/// regency A asking for regency B's pages, workbook and JSON by URL gets a refusal, never data.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.Fixture app) : IClassFixture<AccessMatrixTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";
    public const string Period = "2026-S1";

    /// <summary>Regency A: the scope of the regional head and the MPP admin.</summary>
    public const string A = "35.17";

    /// <summary>Regency B: nobody scoped to it; its data must never reach A's users.</summary>
    public const string B = "52.72";

    /// <summary>Every name of B's data (MPP, agency, service) carries this marker.</summary>
    public const string BMarker = "Bravo";

    public const string MppAdmin = "mpp@uji.test";
    public const string RegionalHead = "bupati@uji.test";
    public const string Ministry = "deputi@uji.test";
    public const string Administrator = "admin@uji.test";

    /// <summary>
    /// Two MPPs (A: Jombang, B: Kota Bima) with one agency and service each, a survey and 30 responses
    /// per MPP in one period, the index job run on them, A's period closed and published, and one user
    /// per role (the regional head and the MPP admin scoped to A).
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public int BServiceId { get; private set; }

        public int BMallId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Periods.AddRange(Core.Surveys.Period.Parse("2025-S2"), Core.Surveys.Period.Parse(Period));
            var malls = new[] { (A, "Alfa"), (B, BMarker) }.Select(m =>
            {
                var agency = new Agency { Name = "Dinas " + m.Item2, ShortName = m.Item2.ToUpperInvariant() };
                agency.Services.Add(new Service { Name = "Layanan " + m.Item2 });
                var mall = new Mall { RegencyCode = m.Item1, Name = "MPP " + m.Item2 };
                mall.Agencies.Add(agency);
                db.Malls.Add(mall);
                return mall;
            }).ToList();
            await db.SaveChangesAsync();
            BServiceId = malls[1].Agencies[0].Services[0].Id;
            BMallId = malls[1].Id;

            var random = new Random(20260601);
            var period = Core.Surveys.Period.Parse(Period);
            foreach (var mall in malls)
            {
                var survey = new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = Period, Population = 300 };
                if (mall.RegencyCode == A)
                {
                    // A published period, so that A's public page has something to show.
                    survey.ClosedAt = DateTimeOffset.UtcNow;
                    survey.PublishedAt = DateTimeOffset.UtcNow;
                }
                db.Surveys.Add(survey);
                await db.SaveChangesAsync();
                var agency = mall.Agencies[0];
                for (var i = 0; i < 30; i++)
                {
                    db.Responses.Add(new Response
                    {
                        Id = Guid.NewGuid(),
                        SurveyId = survey.Id,
                        MallId = mall.Id,
                        AgencyId = agency.Id,
                        ServiceId = agency.Services[0].Id,
                        TemplateVersionId = version.Id,
                        PeriodCode = Period,
                        Channel = ResponseChannel.Kiosk,
                        SubmittedAtLocal = period.StartsOn.AddDays(i).ToDateTime(new TimeOnly(9, 0)),
                        ReceivedAt = DateTimeOffset.UtcNow,
                        Age = (short)(20 + i),
                        Scores = Enumerable.Range(0, 9).Select(_ => (short?)random.Next(2, 5)).ToArray(),
                        Suggestion = i % 5 == 0 ? $"Saran {mall.Name} {i}" : null,
                    });
                }
            }
            await db.SaveChangesAsync();
            await new RecomputeIndices(db).RunAsync([Period]);

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                (Administrator, Roles.Administrator, (string?)null, (int?)null),
                (Ministry, Roles.Ministry, null, null),
                (RegionalHead, Roles.RegionalHead, A, null),
                (MppAdmin, Roles.MppAdmin, A, malls[0].Id));
        }
    }

    private SignedInClients? _clients;

    private Task<HttpClient> ClientAsync(string? email) => (_clients ??= new SignedInClients(app, Password)).ForAsync(email);

    // Shorthands for the matrix below.
    private const int Ok = 200;
    private const int Redirect = 302; // anonymous: to /Account/Login; signed in: to /Account/AccessDenied (or, for /dasbor, the user's start page)
    private const int Unauthorized = 401;
    private const int Forbidden = 403;

    /// <summary>
    /// Every non-public GET route, by role: anonymous, MppAdmin (A), RegionalHead (A), Ministry, Administrator.
    /// </summary>
    private static readonly (string Path, int Anonymous, int MppAdmin, int RegionalHead, int Ministry, int Administrator)[] Routes =
    [
        ("/dasbor", Redirect, Redirect, Redirect, Redirect, Redirect),
        ($"/dasbor/{A}", Redirect, Ok, Ok, Ok, Ok),
        ($"/dasbor/{A}?periode={Period}", Redirect, Ok, Ok, Ok, Ok),
        ($"/dasbor/{B}", Redirect, Forbidden, Forbidden, Ok, Ok),
        ($"/dasbor/{B}?periode={Period}", Redirect, Forbidden, Forbidden, Ok, Ok),
        ("/kementerian", Redirect, Redirect, Redirect, Ok, Ok),
        ("/laporan", Redirect, Ok, Ok, Ok, Ok),
        ($"/laporan/{A}/{Period}.xlsx", Unauthorized, Ok, Ok, Ok, Ok),
        ($"/laporan/{B}/{Period}.xlsx", Unauthorized, Forbidden, Forbidden, Ok, Ok),
        ($"/laporan/nasional/{Period}.xlsx", Unauthorized, Forbidden, Forbidden, Ok, Ok),
        ("/Admin/Indices", Redirect, Redirect, Redirect, Ok, Ok),
        ("/Admin/Import", Redirect, Ok, Redirect, Redirect, Ok),
        ($"/Admin/Import?RegencyCode={B}", Redirect, Ok, Redirect, Redirect, Ok),
        ("/Admin/Kiosks", Redirect, Ok, Redirect, Redirect, Redirect),
        ("/Admin/KunciApi", Redirect, Ok, Redirect, Redirect, Redirect),
        ("/Admin/Periode", Redirect, Ok, Redirect, Ok, Ok),
        ($"/Admin/Periode?mpp={A}", Redirect, Ok, Redirect, Ok, Ok),
        ($"/Admin/Periode?mpp={B}", Redirect, Redirect, Redirect, Ok, Ok),
        ("/Admin/TindakLanjut", Redirect, Ok, Redirect, Ok, Ok),
        ($"/Admin/TindakLanjut?mpp={A}&periode={Period}", Redirect, Ok, Redirect, Ok, Ok),
        ($"/Admin/TindakLanjut?mpp={B}", Redirect, Redirect, Redirect, Ok, Ok),
        ($"/Admin/TindakLanjut?mpp={B}&periode={Period}", Redirect, Redirect, Redirect, Ok, Ok),
        ("/Admin/Instansi", Redirect, Ok, Redirect, Redirect, Ok),
        ($"/Admin/Instansi?mpp={B}", Redirect, Redirect, Redirect, Redirect, Ok),
        ("/Admin/Qr", Redirect, Ok, Redirect, Redirect, Ok),
        ($"/Admin/Qr?mpp={B}", Redirect, Redirect, Redirect, Redirect, Ok),
        ("/Admin/Survei", Redirect, Ok, Redirect, Redirect, Ok),
        ($"/Admin/Survei?mpp={B}", Redirect, Redirect, Redirect, Redirect, Ok),
        ("/Admin/Pengguna", Redirect, Redirect, Redirect, Ok, Ok),
        ("/Admin/Templat", Redirect, Ok, Redirect, Ok, Ok),
        ("/Admin/Audit", Redirect, Redirect, Redirect, Redirect, Ok),
        ("/api/v1/me", Unauthorized, Ok, Ok, Ok, Ok),
        ("/hangfire", Unauthorized, Forbidden, Forbidden, Forbidden, Ok),
    ];

    public static TheoryData<string, string?, int> Matrix()
    {
        var data = new TheoryData<string, string?, int>();
        foreach (var r in Routes)
        {
            data.Add(r.Path, null, r.Anonymous);
            data.Add(r.Path, MppAdmin, r.MppAdmin);
            data.Add(r.Path, RegionalHead, r.RegionalHead);
            data.Add(r.Path, Ministry, r.Ministry);
            data.Add(r.Path, Administrator, r.Administrator);
        }
        return data;
    }

    private static bool IsScopedToA(string? email) => email is MppAdmin or RegionalHead;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_non_public_route_answers_every_role_as_the_authorization_matrix_says(string path, string? email, int expected)
    {
        var client = await ClientAsync(email);

        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == Redirect)
        {
            var target = response.Headers.Location!;
            var location = target.IsAbsoluteUri ? target.PathAndQuery : target.OriginalString;
            var where = (email, path) switch
            {
                (null, _) => "/Account/Login",
                (MppAdmin or RegionalHead, "/dasbor") => $"/dasbor/{A}",
                (_, "/dasbor") => "/kementerian",
                _ => "/Account/AccessDenied",
            };
            Assert.StartsWith(where, location, StringComparison.Ordinal);
        }
        if (expected != Ok || IsScopedToA(email))
        {
            // A refusal carries no data at all, and A's users never receive B's: no MPP, agency, service or suggestion of B.
            Assert.DoesNotContain(BMarker, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("id=\"ikm\"", expected == Ok ? "" : body, StringComparison.Ordinal);
            Assert.DoesNotContain("Saran", expected == Ok ? "" : body, StringComparison.Ordinal);
        }
        if (expected == Ok && email is Ministry or Administrator && path.Contains(B, StringComparison.Ordinal) && !path.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            // The control: B's pages do carry the marker, so its absence above means something.
            Assert.Contains(BMarker, body, StringComparison.Ordinal);
        }
        if (path.StartsWith("/api/", StringComparison.Ordinal) && expected != Ok)
        {
            // An API refusal is problem+json like every other API answer, never the HTML error page.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        if (email is not null && expected == Ok)
        {
            // What a signed-in user was shown is not kept by the browser: the back button after sign-out asks the server again.
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }
        if (expected == Ok && path.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(MppAdmin)]
    [InlineData(RegionalHead)]
    public async Task A_user_of_regency_A_asking_for_regency_Bs_pages_and_workbook_by_URL_gets_a_refusal_and_never_Bs_data(string email)
    {
        var client = await ClientAsync(email);

        foreach (var path in new[]
        {
            $"/dasbor/{B}", $"/dasbor/{B}?periode={Period}", $"/laporan/{B}/{Period}.xlsx",
            $"/Admin/TindakLanjut?mpp={B}&periode={Period}", $"/Admin/Periode?mpp={B}",
            $"/Admin/Instansi?mpp={B}", $"/Admin/Qr?mpp={B}", $"/Admin/Survei?mpp={B}",
            $"/Admin/Qr?handler=Png&layanan={app.BServiceId}",
        })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(
                response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(BMarker, body, StringComparison.OrdinalIgnoreCase);
            Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_report_list_of_a_regional_head_holds_their_own_MPP_only()
    {
        var client = await ClientAsync(RegionalHead);

        var html = await client.GetStringAsync("/laporan");

        Assert.Contains($"/laporan/{A}/{Period}.xlsx", html);
        Assert.DoesNotContain($"/laporan/{B}/", html);
        Assert.DoesNotContain(BMarker, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_MPP_admin_posting_regency_Bs_code_and_service_to_the_import_form_imports_nothing_into_B()
    {
        var client = await ClientAsync(MppAdmin);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("2025-S2"), "PeriodCode" },
            { new StringContent(B), "RegencyCode" },
            { new StringContent(app.BServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "ServiceId" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;4;4;4;3;4\n2;4;3;3;4;4;4;4;4;3\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "skm.csv");

        var response = await client.PostAsync("/Admin/Import", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with the service refused
        Assert.DoesNotContain(BMarker, html, StringComparison.OrdinalIgnoreCase);
        await using var scope = app.Scope();
        var db = app.Db(scope);
        Assert.False(await db.Responses.AnyAsync(r => r.MallId == app.BMallId && r.Channel == ResponseChannel.Import));
        Assert.False(await db.Responses.AnyAsync(r => r.PeriodCode == "2025-S2"));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/publik")]
    [InlineData($"/publik/{A}")]
    [InlineData($"/survei/{A}")]
    [InlineData($"/survei/{B}")]
    [InlineData("/api/v1/publik")]
    [InlineData($"/api/v1/publik/{A}")]
    public async Task Public_routes_stay_open_to_anonymous_visitors(string path)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
