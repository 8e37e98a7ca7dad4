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

/// <summary>Bad invitations, disabling and enabling, role changes and markup in names.</summary>
public sealed partial class UserAdministrationTests
{
    [Theory]
    [InlineData(null, "mpp@uji.test", Roles.Ministry, null, false, "Input.Email", "Email ini sudah dipakai oleh pengguna lain.")]
    [InlineData("en", "MPP@uji.test", Roles.Ministry, null, false, "Input.Email", "This email is already used by another user.")]
    [InlineData(null, "bukan-email", Roles.Ministry, null, false, "Input.Email", "Email bukan alamat email yang valid.")]
    [InlineData("en", "not-an-email", Roles.Ministry, null, false, "Input.Email", "Email is not a valid email address.")]
    [InlineData(null, "kepala1@uji.test", Roles.RegionalHead, null, false, "Input.RegencyCode", "Kepala Daerah memerlukan kode kabupaten/kota.")]
    [InlineData("en", "kepala2@uji.test", Roles.RegionalHead, "", false, "Input.RegencyCode", "A regional head needs a regency or city code.")]
    [InlineData(null, "kepala3@uji.test", Roles.RegionalHead, "99.99", false, "Input.RegencyCode", "Kode kabupaten/kota 99.99 tidak dikenal.")]
    [InlineData("en", "kepala4@uji.test", Roles.RegionalHead, "35", false, "Input.RegencyCode", "Regency or city code 35 is unknown.")]
    [InlineData(null, "mpp1@uji.test", Roles.MppAdmin, null, false, "Input.MallId", "Admin MPP memerlukan MPP.")]
    [InlineData("en", "mpp2@uji.test", Roles.MppAdmin, null, false, "Input.MallId", "An MPP administrator needs an MPP.")]
    [InlineData("en", "mpp3@uji.test", Roles.MppAdmin, null, true, "Input.MallId", "Unknown MPP.")]
    [InlineData(null, "peran@uji.test", "Root", null, false, "Input.Role", "Peran tidak dikenal.")]
    public async Task A_bad_invitation_gets_its_message_beside_the_field_and_writes_nothing(string? culture, string email, string role, string? regency, bool unknownMall, string field, string message)
    {
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);
        var before = await CountsAsync();

        var response = await InviteAsync(admin, email, "Calon", role, regency, unknownMall ? 999_999 : null, culture);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, FieldError(html, field));
        Assert.DoesNotContain("/Account/Undangan", html);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(null, "Calon\r\nBcc: semua@uji.test", "Nama tampilan harus satu baris teks, tanpa ganti baris atau karakter kendali.")]
    [InlineData("en", "Calon\tKepala", "Display name must be one line of text, without line breaks or control characters.")]
    public async Task A_display_name_with_a_line_break_or_control_character_is_refused_beside_the_field(string? culture, string name, string message)
    {
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);
        var before = await CountsAsync();

        var response = await InviteAsync(admin, $"baris.{culture ?? "id"}@uji.test", name, Roles.Ministry, null, null, culture);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, FieldError(html, "Input.DisplayName"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_new_password_longer_than_128_characters_is_refused_beside_the_field_and_128_is_accepted()
    {
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);
        var link = InvitationLink(await (await InviteAsync(admin, "panjang@uji.test", "Deputi", Roles.Ministry)).Content.ReadAsStringAsync());
        var tooLong = new string('k', 128) + "1";

        var response = await PostAsync(LoginClient.Anonymous(App), link, new() { ["Input.Password"] = tooLong, ["Input.Confirm"] = tooLong });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Kata sandi baru paling banyak 128 karakter.", FieldError(await response.Content.ReadAsStringAsync(), "Input.Password"));
        Assert.Null((await FindAsync("panjang@uji.test"))!.PasswordHash);
        var longest = new string('k', 127) + "1";
        var good = await PostAsync(LoginClient.Anonymous(App), link, new() { ["Input.Password"] = longest, ["Input.Confirm"] = longest });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
    }

    [Fact]
    public async Task Disabling_stops_sign_in_with_the_message_of_a_wrong_password_and_enabling_restores_it_both_audited()
    {
        await using (var scope = App.Scope())
        {
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("nonaktif@uji.test", Roles.RegionalHead, "35.17", null));
        }
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);
        var id = (await FindAsync("nonaktif@uji.test"))!.Id;

        var disable = await PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Disable", new() { ["Id"] = id });

        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Equal(AccountDisabling.Until, (await FindAsync("nonaktif@uji.test"))!.LockoutEnd);
        Assert.Contains("Pengguna dinonaktifkan.", await admin.GetStringAsync(disable.Headers.Location!.OriginalString));
        Assert.Contains("Dinonaktifkan", await admin.GetStringAsync("/Admin/Pengguna"));
        var refused = await LoginClient.PostLoginAsync(LoginClient.Anonymous(App), "nonaktif@uji.test", Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        // The words of a wrong password: the form tells nobody that the account exists (the administrator tells its user).
        Assert.Contains("Email atau kata sandi salah.", await refused.Content.ReadAsStringAsync());
        var refusedEn = await LoginClient.PostLoginAsync(LoginClient.Anonymous(App), "nonaktif@uji.test", Password, culture: "en");
        Assert.Contains("Wrong email or password.", await refusedEn.Content.ReadAsStringAsync());
        Assert.DoesNotContain("disabled", await refusedEn.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var enable = await PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Enable", new() { ["Id"] = id });

        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        Assert.Null((await FindAsync("nonaktif@uji.test"))!.LockoutEnd);
        Assert.Equal(HttpStatusCode.Redirect, (await LoginClient.PostLoginAsync(LoginClient.Anonymous(App), "nonaktif@uji.test", Password)).StatusCode);
        await using (var scope = App.Scope())
        {
            var audit = await App.Db(scope).AuditEntries.AsNoTracking().Where(a => a.Target == "nonaktif@uji.test").OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(["user.disable", "user.enable"], audit.Select(a => a.Action));
            Assert.All(audit, a => Assert.Equal("admin@uji.test", a.Actor));
        }
    }

    [Fact]
    public async Task Changing_a_role_sets_the_new_scope_and_is_audited_but_nobody_changes_their_own()
    {
        await using (var scope = App.Scope())
        {
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("pindah@uji.test", Roles.RegionalHead, "35.17", null));
        }
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);
        var id = (await FindAsync("pindah@uji.test"))!.Id;
        var mall = App.MallIds["52.72"];

        var form = await admin.GetAsync("/Admin/Pengguna/Ubah?id=" + id);
        var formHtml = await form.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("pindah@uji.test", formHtml);
        Assert.Matches("<option[^>]*selected=\"selected\"[^>]*value=\"RegionalHead\"|<option[^>]*value=\"RegionalHead\"[^>]*selected=\"selected\"", formHtml);
        Assert.Contains("value=\"35.17\"", formHtml);

        var change = await PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Role", new()
        {
            ["Id"] = id, ["Input.Role"] = Roles.MppAdmin, ["Input.MallId"] = mall.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var user = await FindAsync("pindah@uji.test");
        Assert.Equal(mall, user!.MallId);
        Assert.Equal("52.72", user.RegencyCode);
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.Equal([Roles.MppAdmin], await users.GetRolesAsync((await users.FindByIdAsync(id))!));
            var entry = await App.Db(scope).AuditEntries.AsNoTracking().SingleAsync(a => a.Target == "pindah@uji.test");
            Assert.Equal("user.role", entry.Action);
            Assert.Equal("admin@uji.test", entry.Actor);
            Assert.Contains(Roles.MppAdmin, entry.Detail);
        }

        var selfId = (await FindAsync("admin@uji.test"))!.Id;
        var self = await PostAsync(admin, "/Admin/Pengguna/Ubah?handler=Disable", new() { ["Id"] = selfId });
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri.", await self.Content.ReadAsStringAsync());
        Assert.Null((await FindAsync("admin@uji.test"))!.LockoutEnd);
    }

    [Fact]
    public async Task Html_in_a_display_name_is_shown_as_text_on_the_users_page()
    {
        var admin = await LoginClient.SignedInAsync(App, "admin@uji.test", Password);

        await InviteAsync(admin, "skrip@uji.test", "<script>alert('x')</script>", Roles.Ministry);
        var html = await admin.GetStringAsync("/Admin/Pengguna");

        Assert.Equal("<script>alert('x')</script>", (await FindAsync("skrip@uji.test"))!.DisplayName);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
