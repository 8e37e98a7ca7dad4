using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Admin;

public sealed partial class UserAdministrationTests(UserAdministrationTests.Fixture app) : IClassFixture<UserAdministrationTests.Fixture>
{
    /// <summary>The fixture, for the parts of this class in other files (a primary constructor's parameter is seen only in its own part).</summary>
    private Fixture App => app;

    public const string Password = "kata-sandi-uji-2026";

    /// <summary>Two MPPs and one user per role.</summary>
    public sealed class Fixture : AppFixture
    {
        public Dictionary<string, int> MallIds { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            foreach (var code in new[] { "35.17", "52.72" })
            {
                var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
                db.Malls.Add(mall);
                await db.SaveChangesAsync();
                MallIds[code] = mall.Id;
            }
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("admin@uji.test", Roles.Administrator, (string?)null, (int?)null),
                ("deputi@uji.test", Roles.Ministry, null, null),
                ("bupati@uji.test", Roles.RegionalHead, "35.17", null),
                ("mpp@uji.test", Roles.MppAdmin, "35.17", MallIds["35.17"]));
        }
    }

    private sealed record Me(string Email, string DisplayName, string[] Roles, string? Regency, int? Mall);

    [GeneratedRegex("/Account/Undangan\\?user=[^\"<\\s]+")]
    private static partial Regex LinkPattern();

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> form)
    {
        // Any page's token will do: it is bound to the user, not to the page.
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login");
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    internal static Task<HttpResponseMessage> InviteAsync(HttpClient client, string email, string name, string role, string? regency = null, int? mall = null, string? culture = null) =>
        PostAsync(client, "/Admin/Pengguna?handler=Invite" + (culture is null ? "" : "&culture=" + culture), new()
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = name,
            ["Input.Role"] = role,
            ["Input.RegencyCode"] = regency ?? "",
            ["Input.MallId"] = mall?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        });

    /// <summary>The invitation link as shown once on the page (relative), or fails the test.</summary>
    internal static string InvitationLink(string html)
    {
        var match = LinkPattern().Match(html);
        Assert.True(match.Success, html);
        return WebUtility.HtmlDecode(match.Value);
    }

    /// <summary>The text of the validation message beside a form field.</summary>
    private static string FieldError(string html, string field)
    {
        var match = Regex.Match(html, "<span[^>]*data-valmsg-for=\"" + Regex.Escape(field) + "\"[^>]*>([^<]*)</span>");
        Assert.True(match.Success, "no message element for " + field);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task<(int Users, int Audit)> CountsAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        return (await db.Users.CountAsync(), await db.AuditEntries.CountAsync());
    }

    private async Task<AppUser?> FindAsync(string email)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email);
    }

    [Fact]
    public async Task An_invited_MPP_admin_sets_a_password_once_signs_in_and_carries_the_MPP_scope()
    {
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        var mall = app.MallIds["52.72"];

        var invite = await InviteAsync(admin, "baru.mpp@uji.test", "Admin MPP Bima", Roles.MppAdmin, mall: mall);
        var html = await invite.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        var link = InvitationLink(html);
        var invited = await FindAsync("baru.mpp@uji.test");
        Assert.NotNull(invited);
        Assert.Equal("admin@uji.test", invited.InvitedBy);
        Assert.NotNull(invited.InvitedAt);
        Assert.False(invited.EmailConfirmed);
        Assert.True(invited.LockoutEnabled);
        Assert.Null(invited.PasswordHash);
        Assert.Equal(mall, invited.MallId);
        Assert.Equal("52.72", invited.RegencyCode);
        Assert.Contains("Diundang", await admin.GetStringAsync("/Admin/Pengguna"));
        // The link is shown once: the list does not repeat it.
        Assert.DoesNotContain("/Account/Undangan", await admin.GetStringAsync("/Admin/Pengguna"));

        // Without a password there is nothing to sign in with.
        var early = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "baru.mpp@uji.test", "apa-saja-12345");
        Assert.Contains("Email atau kata sandi salah.", await early.Content.ReadAsStringAsync());

        var visitor = LoginClient.Anonymous(app);
        var form = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("baru.mpp@uji.test", await form.Content.ReadAsStringAsync());

        var accept = await PostAsync(visitor, link, new() { ["Input.Password"] = "bima-sejahtera-2026", ["Input.Confirm"] = "bima-sejahtera-2026" });

        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal("/Account/Login?undangan=diterima", accept.Headers.Location!.OriginalString);
        Assert.Contains("Kata sandi Anda tersimpan. Silakan masuk.", await visitor.GetStringAsync(accept.Headers.Location.OriginalString));
        var accepted = await FindAsync("baru.mpp@uji.test");
        Assert.Null(accepted!.InvitedBy);
        Assert.Null(accepted.InvitedAt);
        Assert.True(accepted.EmailConfirmed);
        Assert.NotNull(accepted.PasswordHash);

        var user = await LoginClient.SignedInAsync(app, "baru.mpp@uji.test", "bima-sejahtera-2026");
        var me = await user.GetFromJsonAsync<Me>("/api/v1/me");
        Assert.Equal([Roles.MppAdmin], me!.Roles);
        Assert.Equal("52.72", me.Regency);
        Assert.Equal(mall, me.Mall);
        Assert.Equal("Admin MPP Bima", me.DisplayName);

        // The link works once: a second use is refused and changes nothing.
        var again = await PostAsync(LoginClient.Anonymous(app), link, new() { ["Input.Password"] = "orang-lain-2026", ["Input.Confirm"] = "orang-lain-2026" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Tautan undangan ini tidak berlaku", await again.Content.ReadAsStringAsync());
        Assert.Equal(accepted.PasswordHash, (await FindAsync("baru.mpp@uji.test"))!.PasswordHash);

        await using var scope = app.Scope();
        var audit = await app.Db(scope).AuditEntries.AsNoTracking().Where(a => a.Target == "baru.mpp@uji.test").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["user.invite", "user.accept"], audit.Select(a => a.Action));
        Assert.Equal("admin@uji.test", audit[0].Actor);
        Assert.Equal(mall, audit[0].MallId);
        Assert.Equal("baru.mpp@uji.test", audit[1].Actor);
    }

    [Theory]
    [InlineData(null, "pendek1", "Kata sandi paling sedikit 10 karakter.")]
    [InlineData(null, "tanpaangkasamasekali", "Kata sandi harus memuat angka (0-9).")]
    [InlineData(null, "SEMUABESAR2026", "Kata sandi harus memuat huruf kecil (a-z).")]
    [InlineData("en", "short1", "The password needs at least 10 characters.")]
    [InlineData("en", "nodigitsatallhere", "The password needs a digit (0-9).")]
    [InlineData("en", "ALLUPPERCASE2026", "The password needs a lowercase letter (a-z).")]
    public async Task A_weak_password_is_refused_beside_the_field_in_the_users_language_and_the_link_stays_usable(string? culture, string password, string message)
    {
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        var email = $"lemah.{culture ?? "id"}.{password.Length}.{password[0]}@uji.test";
        var link = InvitationLink(await (await InviteAsync(admin, email, "Deputi", Roles.Ministry)).Content.ReadAsStringAsync());
        var path = culture is null ? link : link + "&culture=" + culture;

        var response = await PostAsync(LoginClient.Anonymous(app), path, new() { ["Input.Password"] = password, ["Input.Confirm"] = password });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, FieldError(html, "Input.Password"));
        var user = await FindAsync(email);
        Assert.Null(user!.PasswordHash);
        Assert.NotNull(user.InvitedAt);
        // Nothing was spent: the same link still takes a good password.
        var good = await PostAsync(LoginClient.Anonymous(app), link, new() { ["Input.Password"] = "cukup-kuat-2026", ["Input.Confirm"] = "cukup-kuat-2026" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
    }

    [Fact]
    public async Task Two_different_passwords_are_refused_beside_the_second_field()
    {
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        var link = InvitationLink(await (await InviteAsync(admin, "beda@uji.test", "Beda", Roles.Ministry)).Content.ReadAsStringAsync());

        var response = await PostAsync(LoginClient.Anonymous(app), link + "&culture=en", new() { ["Input.Password"] = "pertama-2026", ["Input.Confirm"] = "kedua-20266" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The two passwords differ.", FieldError(await response.Content.ReadAsStringAsync(), "Input.Confirm"));
        Assert.Null((await FindAsync("beda@uji.test"))!.PasswordHash);
    }

    [Fact]
    public async Task A_bad_token_or_unknown_user_is_refused_and_changes_nothing()
    {
        var admin = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        await InviteAsync(admin, "token.salah@uji.test", "Token", Roles.Ministry);
        var id = (await FindAsync("token.salah@uji.test"))!.Id;
        var (_, auditBefore) = await CountsAsync();
        var visitor = LoginClient.Anonymous(app);

        var get = await visitor.GetAsync($"/Account/Undangan?user={id}&token=bukan-token");
        var getEn = await visitor.GetAsync($"/Account/Undangan?user={id}&token=bukan-token&culture=en");
        var unknown = await visitor.GetAsync("/Account/Undangan?user=tidak-ada&token=abc");
        var post = await PostAsync(visitor, $"/Account/Undangan?user={id}&token=bukan-token", new() { ["Input.Password"] = "kuat-sekali-2026", ["Input.Confirm"] = "kuat-sekali-2026" });

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("Tautan undangan ini tidak berlaku", await get.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Input.Password", await get.Content.ReadAsStringAsync());
        Assert.Contains("This invitation link is not valid", await getEn.Content.ReadAsStringAsync());
        Assert.Contains("Tautan undangan ini tidak berlaku", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Tautan undangan ini tidak berlaku", await post.Content.ReadAsStringAsync());
        var user = await FindAsync("token.salah@uji.test");
        Assert.Null(user!.PasswordHash);
        Assert.NotNull(user.InvitedAt);
        Assert.Equal(auditBefore, (await CountsAsync()).Audit);
    }

    [Fact]
    public async Task The_ministry_may_not_invite_an_administrator_even_with_a_forged_form()
    {
        var ministry = await LoginClient.SignedInAsync(app, "deputi@uji.test", Password);
        var page = await ministry.GetStringAsync("/Admin/Pengguna");
        var before = await CountsAsync();

        var forged = await InviteAsync(ministry, "admin.palsu@uji.test", "Palsu", Roles.Administrator);
        var html = await forged.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<option value=\"Administrator\"", page);
        Assert.Contains("<option value=\"MppAdmin\"", page);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal("Anda tidak berwenang memberikan peran ini.", FieldError(html, "Input.Role"));
        Assert.DoesNotContain("/Account/Undangan", html);
        Assert.Null(await FindAsync("admin.palsu@uji.test"));
        Assert.Equal(before, await CountsAsync());

        // It may invite the other roles.
        var ok = await InviteAsync(ministry, "bupati.baru@uji.test", "Bupati Baru", Roles.RegionalHead, regency: "52.72");
        Assert.Contains("/Account/Undangan", await ok.Content.ReadAsStringAsync());
        Assert.Equal("52.72", (await FindAsync("bupati.baru@uji.test"))!.RegencyCode);
    }

    [Fact]
    public async Task The_ministry_may_not_change_or_disable_an_administrator()
    {
        var ministry = await LoginClient.SignedInAsync(app, "deputi@uji.test", Password);
        var adminId = (await FindAsync("admin@uji.test"))!.Id;
        var before = await CountsAsync();

        var list = await ministry.GetStringAsync("/Admin/Pengguna");
        Assert.DoesNotContain("Ubah?id=" + adminId, list);
        Assert.Contains("Ubah?id=" + (await FindAsync("bupati@uji.test"))!.Id, list);
        Assert.Equal(HttpStatusCode.OK, (await ministry.GetAsync("/Admin/Pengguna/Ubah?id=" + (await FindAsync("bupati@uji.test"))!.Id)).StatusCode);

        var get = await ministry.GetAsync("/Admin/Pengguna/Ubah?id=" + adminId);
        var disable = await PostAsync(ministry, "/Admin/Pengguna/Ubah?handler=Disable", new() { ["Id"] = adminId });
        var role = await PostAsync(ministry, "/Admin/Pengguna/Ubah?handler=Role", new() { ["Id"] = adminId, ["Input.Role"] = Roles.Ministry });

        foreach (var response in new[] { get, disable, role })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        var admin = await FindAsync("admin@uji.test");
        Assert.Null(admin!.LockoutEnd);
        Assert.Equal(before, await CountsAsync());
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Administrator], await users.GetRolesAsync((await users.FindByIdAsync(adminId))!));
    }

    [Theory]
    [InlineData("bupati@uji.test")]
    [InlineData("mpp@uji.test")]
    [InlineData(null)]
    public async Task Others_are_refused_the_users_page_and_its_forms_and_nothing_is_written(string? email)
    {
        var client = email is null ? LoginClient.Anonymous(app) : await LoginClient.SignedInAsync(app, email, Password);
        var before = await CountsAsync();
        var bupatiId = (await FindAsync("bupati@uji.test"))!.Id;

        var responses = new[]
        {
            await client.GetAsync("/Admin/Pengguna"),
            await InviteAsync(client, "penyusup@uji.test", "Penyusup", Roles.Ministry),
            await client.GetAsync("/Admin/Pengguna/Ubah?id=" + bupatiId),
            await PostAsync(client, "/Admin/Pengguna/Ubah?handler=Disable", new() { ["Id"] = bupatiId }),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(email is null ? "/Account/Login" : "/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.Null(await FindAsync("penyusup@uji.test"));
        Assert.Null((await FindAsync("bupati@uji.test"))!.LockoutEnd);
        Assert.Equal(before, await CountsAsync());
    }
}
