using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>
/// The forms against bad input: each case posts through the real page (antiforgery token and all)
/// and asserts the status (200 with the message inside the field's error element, or 400 for a
/// missing antiforgery token), the message in the user's language (?culture=en or the culture
/// cookie), that visitor- or admin-typed text shown again is escaped, and that no table gained or
/// lost a row.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed partial class BadInputFormTests(BadInputFixture app)
{
    private static string Query(string culture) => culture == "en" ? "culture=en" : "";

    /// <summary>The fixture, for the parts of this class in other files (a primary constructor's parameter is seen only in its own part).</summary>
    private BadInputFixture App => app;

    // ---------------------------------------------------------------- login

    [Theory]
    [InlineData("empty email and password", "", "", "id", "email-error", "Email wajib diisi.")]
    [InlineData("empty email and password in English", "", "", "en", "email-error", "Email is required.")]
    [InlineData("empty password", BadInputFixture.Head, "", "id", "password-error", "Kata sandi wajib diisi.")]
    [InlineData("empty password in English", BadInputFixture.Head, "", "en", "password-error", "Password is required.")]
    [InlineData("an email without an at sign", "bupati.korpus.test", "x", "id", "email-error", "Email bukan alamat email yang valid.")]
    [InlineData("an email without an at sign in English", "bupati.korpus.test", "x", "en", "email-error", "Email is not a valid email address.")]
    [InlineData("the wrong password", BadInputFixture.WrongPasswordUser, "bukan-sandinya-1", "id", "login-problem", "Email atau kata sandi salah. Lima kali gagal berturut-turut mengunci akun selama 15 menit.")]
    [InlineData("the wrong password in English", BadInputFixture.WrongPasswordUser, "bukan-sandinya-2", "en", "login-problem", "Wrong email or password. Five failures in a row lock an account for 15 minutes.")]
    [InlineData("an unknown account", "tidak.ada@korpus.test", "apa-saja-123", "id", "login-problem", "Email atau kata sandi salah. Lima kali gagal berturut-turut mengunci akun selama 15 menit.")]
    public async Task Form_login_with_bad_fields_shows_the_message_beside_the_field_and_signs_nobody_in(
        string wrong, string email, string password, string culture, string errorId, string message)
    {
        var before = await app.CountsAsync();
        var client = LoginClient.Anonymous(app);

        var response = await LoginClient.PostLoginAsync(client, email, password, culture == "en" ? "en" : null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, errorId, message);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(before, await app.CountsAsync());
    }

    [Fact]
    public async Task Form_login_with_markup_in_the_email_redisplays_it_escaped_in_English_by_the_culture_cookie()
    {
        var client = await app.EnglishCookieClientAsync();
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login");

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(Of(
            ("Input.Email", "\"><script>alert(1)</script>"), ("Input.Password", "x"), ("__RequestVerificationToken", token))));

        var html = await AssertErrorBesideAsync(response, "email-error", "Email is not a valid email address.");
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- /kios

    [Theory]
    [InlineData("an empty code", "", "id", "Kode tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin MPP.")]
    [InlineData("a malformed code in English", "abc", "en", "The code is unknown, already used or expired. Ask the MPP admin for a new code.")]
    [InlineData("a code of the right shape that was never issued", "ABCD-EFGH", "id", "Kode tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin MPP.")]
    [InlineData("an expired code in English", "{expired}", "en", "The code is unknown, already used or expired. Ask the MPP admin for a new code.")]
    [InlineData("a code of 5000 characters", "{long}", "id", "Kode tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin MPP.")]
    public async Task Form_kiosk_enrolment_with_a_bad_code_shows_the_message_beside_the_code_and_enrols_nothing(string wrong, string code, string culture, string message)
    {
        var before = await app.CountsAsync();
        var hashes = await KioskHashesAsync();
        var typed = code.Replace("{expired}", app.ExpiredEnrolmentCode, StringComparison.Ordinal).Replace("{long}", new string('A', 5000), StringComparison.Ordinal);

        var response = await PostAsync(LoginClient.Anonymous(app), "/kios", null, Of(("Code", typed)), Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, "code-error", message);
        Assert.Equal(before, await app.CountsAsync());
        Assert.Equal(hashes, await KioskHashesAsync());
    }

    [Fact]
    public async Task Form_kiosk_enrolment_with_markup_in_the_code_redisplays_it_escaped()
    {
        var response = await PostAsync(LoginClient.Anonymous(app), "/kios", null, Of(("Code", "\"><svg onload=alert(1)>")));

        var html = await AssertErrorBesideAsync(response, "code-error", "Kode tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada admin MPP.");
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;svg onload=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    private Task<List<string>> KioskHashesAsync() =>
        app.DbAsync(db => db.Kiosks.OrderBy(k => k.Id).Select(k => k.Id + ":" + k.TokenHash + ":" + k.EnrolmentCodeHash + ":" + k.RevokedAt).ToListAsync());

    // ---------------------------------------------------------------- agencies and services

    [Theory]
    [InlineData("an empty agency name in English", "AddAgency", "   ", "en", "agency-new-error", "Enter a name.")]
    [InlineData("an agency name of 201 characters", "AddAgency", "{201}", "id", "agency-new-error", "Nama paling banyak 200 karakter.")]
    [InlineData("an agency name of 201 characters in English", "AddAgency", "{201}", "en", "agency-new-error", "A name has at most 200 characters.")]
    [InlineData("an agency name with a bell character", "AddAgency", "Dinas\u0007Pajak", "id", "agency-new-error", "Nama tidak boleh berisi karakter kendali.")]
    [InlineData("an agency name with a backspace in English", "AddAgency", "Dinas\bPajak", "en", "agency-new-error", "A name cannot contain control characters.")]
    [InlineData("a duplicate agency in other case and spacing, in English", "AddAgency", "  SAMSAT  ", "en", "agency-new-error", "The agency \"SAMSAT\" already exists in this MPP.")]
    [InlineData("a service name of 201 characters in English", "AddService", "{201}", "en", "service-new-{agency}-error", "A name has at most 200 characters.")]
    [InlineData("a service name with an escape character", "AddService", "KTP\u001b[2J", "id", "service-new-{agency}-error", "Nama tidak boleh berisi karakter kendali.")]
    [InlineData("a duplicate service", "AddService", "kartu   keluarga", "id", "service-new-{agency}-error", "Layanan \"kartu keluarga\" sudah ada di instansi ini.")]
    [InlineData("an agency renamed to nothing", "RenameAgency", "", "id", "agency-{agency}-error", "Isi nama.")]
    [InlineData("a service renamed to 201 characters in English", "RenameService", "{201}", "en", "service-{service}-error", "A name has at most 200 characters.")]
    [InlineData("a service renamed to its inactive sibling's name", "RenameService", "KTP lama", "id", "service-{service}-error", "Layanan \"KTP lama\" sudah ada di instansi ini.")]
    public async Task Form_agency_or_service_with_a_bad_name_shows_the_message_beside_the_field_and_writes_nothing(
        string wrong, string handler, string name, string culture, string errorId, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var names = await CounterNamesAsync();
        var form = Of(("Name", name.Replace("{201}", new string('n', 201), StringComparison.Ordinal)), ("AgencyId", Inv(app.AgencyId)), ("ServiceId", Inv(app.ServiceId)));

        var response = await PostAsync(client, "/Admin/Instansi", handler, form, Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = errorId.Replace("{agency}", Inv(app.AgencyId), StringComparison.Ordinal).Replace("{service}", Inv(app.ServiceId), StringComparison.Ordinal);
        await AssertErrorBesideAsync(response, id, message);
        Assert.Equal(before, await app.CountsAsync());
        Assert.Equal(names, await CounterNamesAsync());
    }

    [Fact]
    public async Task Form_a_duplicate_agency_name_with_markup_is_refused_and_the_name_is_shown_escaped()
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var markup = "<b onmouseover=alert(1)>Samsat</b>";
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            if (!await db.Agencies.AnyAsync(a => a.Name == markup))
            {
                db.Agencies.Add(new Core.Malls.Agency { MallId = app.MallId, Name = markup, IsActive = false });
                await db.SaveChangesAsync();
            }
        }
        var before = await app.CountsAsync();

        var response = await PostAsync(client, "/Admin/Instansi", "AddAgency", Of(("Name", markup.ToUpperInvariant())));

        var html = await AssertErrorBesideAsync(response, "agency-new-error", $"Instansi \"{markup.ToUpperInvariant()}\" sudah ada di MPP ini.");
        Assert.DoesNotContain("<b onmouseover", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;B ONMOUSEOVER=ALERT(1)&gt;SAMSAT&lt;/B&gt;", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
    }

    private Task<List<string>> CounterNamesAsync() =>
        app.DbAsync(db => db.Services.OrderBy(s => s.Id).Select(s => s.Agency!.Name + "/" + s.Name + s.IsActive).ToListAsync());

    // ---------------------------------------------------------------- CSV list of counters

    public static TheoryData<string, byte[], string, string> BadCsvFiles => new()
    {
        { "a CSV in Windows-1252, not UTF-8", [.. "instansi;layanan\nDinas Pendapatan;Pajak r"u8, 0xE9, .. "sum\u00e9\n"u8], "id", "Berkas bukan teks UTF-8. Simpan ulang sebagai \"CSV UTF-8\"." },
        { "a CSV without a header line, in English", "Imigrasi;Paspor baru\nImigrasi;Visa\n"u8.ToArray(), "en", "Nothing was imported: 1 problems in the file." },
        { "an empty CSV file", [], "id", "Pilih berkas CSV." },
        { "a CSV of blank lines, in English", "\n\n   \n"u8.ToArray(), "en", "Nothing was imported: 1 problems in the file." },
        { "a CSV with the header only", "instansi,layanan\n"u8.ToArray(), "id", "Tidak ada yang diimpor: 1 masalah dalam berkas." },
        { "a CSV with an unclosed quote, in English", "instansi,layanan\n\"Imigrasi,Paspor\n"u8.ToArray(), "en", "Nothing was imported: 1 problems in the file." },
        { "a CSV larger than 1 MiB", Encoding.UTF8.GetBytes("instansi,layanan\n" + string.Concat(Enumerable.Repeat("Imigrasi,Paspor baru\n", 60_000))), "id", "Berkas lebih dari 1024 KB." },
        { "a CSV of separators only", ",,,\n;;;\n"u8.ToArray(), "id", "Tidak ada yang diimpor: 1 masalah dalam berkas." },
        { "a CSV with a control character in a name, in English", "instansi,layanan\nImigrasi,Paspor\u0001baru\n"u8.ToArray(), "en", "Nothing was imported: 1 problems in the file." },
        { "a spreadsheet uploaded as the CSV list", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xFF, 0xFE, 0x00, 0x80], "id", "Berkas bukan teks UTF-8. Simpan ulang sebagai \"CSV UTF-8\"." },
    };

    [Theory]
    [MemberData(nameof(BadCsvFiles))]
    public async Task Form_counter_CSV_import_of_a_bad_file_shows_the_message_beside_the_file_and_adds_nothing(string wrong, byte[] content, string culture, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Instansi" + (culture == "en" ? "?culture=en" : ""));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "CsvFile", "layanan.csv" },
        };

        var response = await client.PostAsync("/Admin/Instansi?handler=Import" + (culture == "en" ? "&culture=en" : ""), form);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, "csv-error", message);
        Assert.Equal(before, await app.CountsAsync());
    }

    [Fact]
    public async Task Form_counter_CSV_problems_name_the_line_in_English_and_escape_the_text()
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Instansi?culture=en");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent("instansi,layanan\n<script>x</script>,\n\"Imigrasi,Paspor\n"u8.ToArray()), "CsvFile", "<script>.csv" },
        };

        var response = await client.PostAsync("/Admin/Instansi?handler=Import&culture=en", form);

        var html = await AssertErrorBesideAsync(response, "csv-error", "Nothing was imported: 1 problems in the file.");
        Assert.Contains("Line 3: a quote is not closed.", ErrorBeside(html, "csv-problems"), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
    }

    // ---------------------------------------------------------------- starting a survey

    [Theory]
    [InlineData("period 2026-S3", "2026-S3", "", "id", "period-error", "Tulis periode seperti 2026-S2, 2026-Q4, atau 2026.")]
    [InlineData("period abc in English", "abc", "", "en", "period-error", "Write the period like 2026-S2, 2026-Q4 or 2026.")]
    [InlineData("period with markup", "<i>2026</i>", "", "id", "period-error", "Tulis periode seperti 2026-S2, 2026-Q4, atau 2026.")]
    [InlineData("a past period in English", "2024-S1", "", "en", "period-error", "The period 2024-S1 is over. Earlier periods are entered through Import.")]
    [InlineData("a period years ahead", "2031-S1", "", "id", "period-error", "Periode 2031-S1 dimulai lebih dari setahun lagi.")]
    [InlineData("population -5", "{next}", "-5", "id", "population-error", "Tulis bilangan bulat 1 sampai 10.000.000, atau kosongkan.")]
    [InlineData("population 1e9 in English", "{next}", "1e9", "en", "population-error", "Enter a whole number from 1 to 10,000,000, or leave it empty.")]
    [InlineData("population banyak in English", "{next}", "banyak", "en", "population-error", "Enter a whole number from 1 to 10,000,000, or leave it empty.")]
    [InlineData("population beyond any integer", "{next}", "99999999999999", "id", "population-error", "Tulis bilangan bulat 1 sampai 10.000.000, atau kosongkan.")]
    [InlineData("population zero", "{next}", "0", "id", "population-error", "Tulis bilangan bulat 1 sampai 10.000.000, atau kosongkan.")]
    public async Task Form_start_survey_with_a_bad_period_or_population_shows_the_message_beside_the_field_and_starts_nothing(
        string wrong, string period, string population, string culture, string errorId, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();

        var response = await PostAsync(client, "/Admin/Survei", "Start", Of(
            ("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", period.Replace("{next}", app.NextPeriod, StringComparison.Ordinal)), ("Population", population)), Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        var html = await AssertErrorBesideAsync(response, errorId, message);
        Assert.DoesNotContain("<i>2026</i>", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
    }

    [Theory]
    [InlineData("another MPP's agency in the coverage, in English", "AgencyIds", "{bimaAgency}", "en", "coverage-error", "Choose only active agencies and services of this MPP.")]
    [InlineData("another MPP's service in the coverage", "ServiceIds", "{bimaService}", "id", "coverage-error", "Pilih instansi dan layanan aktif dari MPP ini saja.")]
    [InlineData("an inactive agency in the coverage", "AgencyIds", "{inactiveAgency}", "id", "coverage-error", "Pilih instansi dan layanan aktif dari MPP ini saja.")]
    [InlineData("an inactive service in the coverage, in English", "ServiceIds", "{inactiveService}", "en", "coverage-error", "Choose only active agencies and services of this MPP.")]
    [InlineData("a template version that does not exist", "VersionId", "987654", "id", "version-error", "Pilih versi templat yang sudah terbit.")]
    [InlineData("a template version given as text, in English", "VersionId", "skm", "en", "version-error", "Choose a published template version.")]
    public async Task Form_start_survey_with_forged_ids_is_refused_beside_the_field_and_starts_nothing(
        string wrong, string field, string value, string culture, string errorId, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var form = Of(("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", app.NextPeriod));
        form[field] = value
            .Replace("{bimaAgency}", Inv(app.OtherMallAgencyId), StringComparison.Ordinal)
            .Replace("{bimaService}", Inv(app.BimaServiceId), StringComparison.Ordinal)
            .Replace("{inactiveAgency}", Inv(app.InactiveAgencyId), StringComparison.Ordinal)
            .Replace("{inactiveService}", Inv(app.InactiveServiceId), StringComparison.Ordinal);

        var response = await PostAsync(client, "/Admin/Survei", "Start", form, Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, errorId, message);
        Assert.Equal(before, await app.CountsAsync());
    }

    // ---------------------------------------------------------------- inviting a user

    [Theory]
    [InlineData("an email without a domain", "budi@", "Budi", "RegionalHead", "35.17", "", "id", "email-error", "Email bukan alamat email yang valid.")]
    [InlineData("an email that is only words, in English", "bukan email", "Budi", "RegionalHead", "35.17", "", "en", "email-error", "Email is not a valid email address.")]
    [InlineData("an empty email", "", "Budi", "RegionalHead", "35.17", "", "id", "email-error", "Email wajib diisi.")]
    [InlineData("an email already used, in English", BadInputFixture.Head, "Budi", "RegionalHead", "35.17", "", "en", "email-error", "This email is already used by another user.")]
    [InlineData("a regional head without a regency", "kepala.baru@korpus.test", "Budi", "RegionalHead", "", "", "id", "regency-error", "Kepala Daerah memerlukan kode kabupaten/kota.")]
    [InlineData("a regional head of an unknown regency, in English", "kepala.baru@korpus.test", "Budi", "RegionalHead", "99.99", "", "en", "regency-error", "Regency or city code 99.99 is unknown.")]
    [InlineData("an MPP admin without an MPP, in English", "admin.baru@korpus.test", "Sari", "MppAdmin", "", "", "en", "mall-error", "An MPP administrator needs an MPP.")]
    [InlineData("an MPP admin of an MPP that does not exist", "admin.baru@korpus.test", "Sari", "MppAdmin", "", "999999", "id", "mall-error", "MPP tidak dikenal.")]
    [InlineData("an unknown role", "peran@korpus.test", "Sari", "Superuser", "", "", "id", "role-error", "Peran tidak dikenal.")]
    [InlineData("no role, in English", "peran@korpus.test", "Sari", "", "", "", "en", "role-error", "Role is required.")]
    [InlineData("a display name of 101 characters", "panjang@korpus.test", "{101}", "Ministry", "", "", "id", "name-error", "Nama tampilan paling banyak 100 karakter.")]
    public async Task Form_invitation_with_bad_fields_shows_the_message_beside_the_field_and_creates_no_user(
        string wrong, string email, string name, string role, string regency, string mall, string culture, string errorId, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.Admin);
        var before = await app.CountsAsync();

        var response = await PostAsync(client, "/Admin/Pengguna", "Invite", Of(
            ("Input.Email", email), ("Input.DisplayName", name.Replace("{101}", new string('d', 101), StringComparison.Ordinal)),
            ("Input.Role", role), ("Input.RegencyCode", regency), ("Input.MallId", mall)), Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        var html = await AssertErrorBesideAsync(response, errorId, message);
        Assert.DoesNotContain("/Account/Undangan?user=", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
    }

    [Theory]
    [InlineData("publishing the open period", "Publish", "{open}", "id", "Tutup periode {open} sebelum mengumumkannya: hasil periode terbuka masih bisa berubah.")]
    [InlineData("publishing the open period, in English", "Publish", "{open}", "en", "Close period {open} before publishing it: an open period's results can still change.")]
    [InlineData("closing the closed period again, in English", "Close", "{closed}", "en", "Period {closed} is already closed.")]
    [InlineData("publishing a closed period without results", "Publish", "{closed}", "id", "Periode {closed} belum memiliki hasil indeks untuk diumumkan.")]
    public async Task Form_period_close_or_publish_that_is_not_allowed_shows_the_message_and_changes_nothing(string wrong, string handler, string period, string culture, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var states = await SurveyStatesAsync();
        string Fill(string t) => t.Replace("{open}", app.OpenPeriod, StringComparison.Ordinal).Replace("{closed}", app.ClosedPeriod, StringComparison.Ordinal);

        var response = await PostAsync(client, "/Admin/Periode", handler, Of(("PeriodCode", Fill(period))), Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, "period-error", Fill(message));
        Assert.Equal(before, await app.CountsAsync());
        Assert.Equal(states, await SurveyStatesAsync());
    }

    [Theory]
    [InlineData("closing a period the MPP never surveyed", "Close", "2019-S1")]
    [InlineData("publishing a period that is not a period", "Publish", "<script>x</script>")]
    public async Task Form_period_close_or_publish_of_an_unknown_period_is_not_found_and_changes_nothing(string wrong, string handler, string period)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var states = await SurveyStatesAsync();

        var response = await PostAsync(client, "/Admin/Periode", handler, Of(("PeriodCode", period)));

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{wrong}: {(int)response.StatusCode}");
        Assert.DoesNotContain("<script>x</script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
        Assert.Equal(states, await SurveyStatesAsync());
    }

    private Task<List<string>> SurveyStatesAsync() =>
        app.DbAsync(db => db.Surveys.OrderBy(s => s.Id).Select(s => s.Id + ":" + s.ClosedAt + ":" + s.PublishedAt + ":" + s.Population).ToListAsync());

    [Fact]
    public async Task Form_counter_page_escapes_the_import_counts_reflected_from_its_query()
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);

        var html = await client.GetStringAsync("/Admin/Instansi?done=imported&a=%3Cscript%3Ealert(1)%3C/script%3E&s=1&e=0");

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- kiosks

    [Theory]
    [InlineData("an empty kiosk name", "  ", "id", "Beri nama kios (paling banyak 80 karakter).")]
    [InlineData("a kiosk name of 81 characters, in English", "{81}", "en", "Give the kiosk a name (at most 80 characters).")]
    [InlineData("a kiosk name with a tab inside", "Kios\tlobi", "id", "Beri nama kios (paling banyak 80 karakter).")]
    public async Task Form_kiosk_with_a_bad_name_shows_the_message_beside_the_name_and_enrols_nothing(string wrong, string name, string culture, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();

        var response = await PostAsync(client, "/Admin/Kiosks", "Enrol", Of(("Name", name.Replace("{81}", new string('k', 81), StringComparison.Ordinal))), Query(culture));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, "name-error", message);
        Assert.Equal(before, await app.CountsAsync());
    }

    // ---------------------------------------------------------------- historic import

    [Theory]
    [InlineData("a JPEG photo", "foto.jpg", "jpeg", "", "id", "file-error", "Hanya berkas .xlsx atau .csv yang dapat diimpor.")]
    [InlineData("a PDF in English", "laporan.pdf", "pdf", "", "en", "file-error", "Only .xlsx or .csv files can be imported.")]
    [InlineData("a text file named .xlsx", "skm.xlsx", "text", "", "id", "file-error", "Berkas tidak dapat dibaca sebagai .xlsx atau .csv. Simpan ulang dari Excel lalu coba lagi.")]
    [InlineData("a text file named .xlsx, in English", "skm.xlsx", "text", "", "en", "file-error", "The file cannot be read as .xlsx or .csv. Save it again from Excel and retry.")]
    [InlineData("no file, in English", "", "", "", "en", "file-error", "Choose a file to upload.")]
    [InlineData("an empty CSV file", "kosong.csv", "empty", "", "id", "file-error", "Pilih berkas untuk diunggah.")]
    [InlineData("a bad period", "skm.csv", "csv", "2024-S9", "id", "period-error", "Periode harus berbentuk 2024-S2, 2024-Q3 atau 2024.")]
    [InlineData("a service of another MPP, in English", "skm.csv", "csv", "2024-S1", "en", "service-error", "This service does not belong to that MPP.")]
    public async Task Form_historic_import_of_a_bad_upload_shows_the_message_beside_the_field_and_imports_nothing(
        string wrong, string fileName, string kind, string period, string culture, string errorId, string message)
    {
        var client = await app.SignedInAsync(BadInputFixture.MppAdmin);
        var before = await app.CountsAsync();
        var suffix = culture == "en" ? "?culture=en" : "";
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import" + suffix);
        byte[] content = kind switch
        {
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'],
            "pdf" => "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n"u8.ToArray(),
            "text" => "No;U1;U2\n1;4;4\n"u8.ToArray(),
            "csv" => "No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;4;4;4;3;4\n"u8.ToArray(),
            _ => [],
        };
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(period.Length > 0 ? period : "2024-S1"), "PeriodCode" },
        };
        if (wrong.Contains("another MPP", StringComparison.Ordinal))
        {
            form.Add(new StringContent(Inv(app.BimaServiceId)), "ServiceId");
        }
        if (fileName.Length > 0)
        {
            form.Add(new ByteArrayContent(content), "Upload", fileName);
        }

        var response = await client.PostAsync("/Admin/Import" + suffix, form);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        var html = await response.Content.ReadAsStringAsync();
        var shown = ErrorBeside(html, errorId);
        Assert.Equal(message, shown);
        Assert.DoesNotContain("id=\"import-result\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.CountsAsync());
    }

}
