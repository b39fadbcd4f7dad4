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

    public string ArtifactPath => "dns/zones/" + FileName;
}
