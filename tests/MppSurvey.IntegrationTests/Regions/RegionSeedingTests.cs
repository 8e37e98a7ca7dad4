using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Regions;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Regions;

public sealed class RegionSeedingTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task All_38_provinces_and_514_regencies_are_seeded()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        Assert.Equal(38, await db.Provinces.CountAsync());
        Assert.Equal(514, await db.Regencies.CountAsync());
        // Kemendagri region codes: 416 kabupaten and 98 kota.
        Assert.Equal(416, await db.Regencies.CountAsync(r => r.Kind == RegencyKind.Kabupaten));
        Assert.Equal(98, await db.Regencies.CountAsync(r => r.Kind == RegencyKind.Kota));
    }

    [Theory]
    [InlineData("11.05", "11", "Kabupaten Aceh Barat", RegencyKind.Kabupaten, IndonesianTimeZone.Wib)]
    [InlineData("11.10", "11", "Kabupaten Aceh Singkil", RegencyKind.Kabupaten, IndonesianTimeZone.Wib)]
    [InlineData("35.17", "35", "Kabupaten Jombang", RegencyKind.Kabupaten, IndonesianTimeZone.Wib)]
    [InlineData("35.78", "35", "Kota Surabaya", RegencyKind.Kota, IndonesianTimeZone.Wib)]
    [InlineData("52.72", "52", "Kota Bima", RegencyKind.Kota, IndonesianTimeZone.Wita)]
    [InlineData("73.71", "73", "Kota Makassar", RegencyKind.Kota, IndonesianTimeZone.Wita)]
    [InlineData("91.71", "91", "Kota Jayapura", RegencyKind.Kota, IndonesianTimeZone.Wit)]
    public async Task Spot_checked_regencies_have_their_Kemendagri_codes(string code, string province, string name, RegencyKind kind, IndonesianTimeZone zone)
    {
        await using var scope = app.Scope();
        var regency = await app.Db(scope).Regencies.SingleAsync(r => r.Code == code);
        Assert.Equal(province, regency.ProvinceCode);
        Assert.Equal(name, regency.Name);
        Assert.Equal(kind, regency.Kind);
        Assert.Equal(zone, regency.TimeZone);
    }

    [Fact]
    public async Task Codes_are_text_so_11_10_is_not_11_1()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        Assert.True(await db.Regencies.AnyAsync(r => r.Code == "11.10"));
        Assert.False(await db.Regencies.AnyAsync(r => r.Code == "11.1"));
        Assert.Equal("Aceh", (await db.Provinces.SingleAsync(p => p.Code == "11")).Name);
    }

    [Fact]
    public async Task Every_kota_code_is_in_71_to_99_and_every_kabupaten_code_below_70()
    {
        await using var scope = app.Scope();
        var codes = await app.Db(scope).Regencies.Select(r => new { r.Code, r.Kind }).ToListAsync();
        foreach (var r in codes)
        {
            var local = int.Parse(r.Code[3..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(r.Kind == RegencyKind.Kota ? local is >= 71 and <= 99 : local is >= 1 and <= 69, r.Code);
        }
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await RegionSeeder.SeedAsync(db);
        Assert.Equal(514, await db.Regencies.CountAsync());
        Assert.Equal(38, await db.Provinces.CountAsync());
    }
}
