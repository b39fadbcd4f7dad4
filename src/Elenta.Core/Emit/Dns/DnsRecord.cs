namespace Elenta.Core.Emit.Dns;

/// <summary>
/// One resource record of a zone. <see cref="Owner"/> is relative to the zone's origin ("@" is the
/// apex); <see cref="Data"/> is the RDATA exactly as it goes into the zone file.
/// </summary>
public sealed record DnsRecord(string Owner, string Type, string Data, int? Ttl = null);
