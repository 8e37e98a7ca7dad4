using MppSurvey.Core.Regions;

namespace MppSurvey.Core.Malls;

/// <summary>A Mal Pelayanan Publik: at most one per regency or city.</summary>
public sealed class Mall
{
    public int Id { get; set; }
    public required string RegencyCode { get; set; }
    public Regency? Regency { get; set; }
    public required string Name { get; set; }
    public string Address { get; set; } = "";
    public IndonesianTimeZone TimeZone { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public List<Agency> Agencies { get; } = [];
    public List<Kiosk> Kiosks { get; } = [];

    /// <summary>The MPP's wall-clock time for an instant: a response belongs to the period of its local date (docs/method.md, Periods).</summary>
    public DateTime LocalTime(DateTimeOffset instant) =>
        DateTime.SpecifyKind(instant.UtcDateTime.AddHours((int)TimeZone), DateTimeKind.Unspecified);
}

/// <summary>An agency (instansi) with counters in an MPP: Dukcapil, Samsat, BPJS Kesehatan, ...</summary>
public sealed class Agency
{
    public int Id { get; set; }
    public int MallId { get; set; }
    public Mall? Mall { get; set; }
    public required string Name { get; set; }
    public string ShortName { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public List<Service> Services { get; } = [];
}

/// <summary>A service (layanan) an agency offers at its counter.</summary>
public sealed class Service
{
    public int Id { get; set; }
    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>An enrolled kiosk tablet. Only a hash of its device token is stored.</summary>
public sealed class Kiosk
{
    public int Id { get; set; }
    public int MallId { get; set; }
    public Mall? Mall { get; set; }
    public required string Name { get; set; }
    public string? TokenHash { get; set; }
    public DateTimeOffset? EnrolledAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    /// <summary>A short one-time code the tablet types in to enrol; only its hash is kept, and it expires.</summary>
    public string? EnrolmentCodeHash { get; set; }
    public DateTimeOffset? EnrolmentCodeExpiresAt { get; set; }
    /// <summary>How the service is delivered where the tablet stands: every response it sends is stored with this model.</summary>
    public Responses.ServiceModel ServiceModel { get; set; } = Responses.ServiceModel.Direct;
}
