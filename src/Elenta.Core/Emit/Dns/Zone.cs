namespace Elenta.Core.Emit.Dns;

/// <summary>What a zone is for, which decides its defaults and which servers carry it.</summary>
public enum ZoneKind
{
    Canon,
    Domain,
    Reverse,
}

/// <summary>
/// A zone's whole content except its SOA serial: origin (no trailing dot), the servers that carry
/// it (machine names), the SOA contact, the default TTL and the records in no particular order.
/// </summary>
public sealed record Zone(
    string Origin,
    ZoneKind Kind,
    IReadOnlyList<string> Servers,
    string Hostmaster,
    int Ttl,
    IReadOnlyList<DnsRecord> Records)
{
    public string FileName => Origin + ".zone";

    /// <summary>A public zone, signed with DNSSEC: its primary serves the signed file.</summary>
    public bool Signed { get; init; }

    /// <summary>The file the primary loads: the signed zone for a signed zone.</summary>
    public string ServedFileName => Signed ? FileName + ".signed" : FileName;

    public string ArtifactPath => "dns/zones/" + FileName;

    public string SignedArtifactPath => ArtifactPath + ".signed";

    /// <summary>The DS records of a signed zone's key, for the registrar of the parent zone: not installed anywhere.</summary>
    public string DsArtifactPath => $"dns/dnssec/{Origin}.ds";

    /// <summary>The SOA MNAME, when it is not the first server's canon name (a public zone names its servers inside itself).</summary>
    public string? MasterName { get; init; }
}
