using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The DNS family: NSD zone files for the canon domain, each site domain and the reverse zones of
/// every network the site serves, RFC 2317 delegation snippets, and an nsd.conf fragment per name
/// server. Who serves what is <see cref="ServiceMachines"/>'s answer: the canon and reverse zones go to
/// <c>dns.servers</c> (default: every domain's nameservers); a domain's zone to its own
/// <c>nameservers</c> (default: <c>dns.servers</c>). Each zone is delivered to each of its servers.
/// </summary>
public sealed class DnsEmitter : IArtifactEmitter
{
    public const string FamilyName = "dns";

    public string Family => FamilyName;

    public string Description => "NSD zones (canon, domains, reverse incl. RFC 2317) with stable SOA serials, nsd.conf per server (primary/secondary, TSIG), Unbound per resolver";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var canon = site.Settings.CanonDomain;
        var dns = site.Settings.Dns;
        var serving = ServiceMachines.Of(context.Resolved);
        var siteServers = serving.CanonServers;

        var zones = new List<Zone>();
        var artifacts = new List<Artifact>();
        var names = CanonZone.Names(context.Resolved.Names);
        var reverse = ReverseZones.Of(site);
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { canon };

        // A zone nobody serves is not built: check reports it (EL5008, no name server).
        if (siteServers.Count > 0)
        {
            var canonExplicit = ExplicitRecords.Of(site.Domains[canon]);
            var canonRecords = ExplicitRecords.Shadow(CanonZone.Records(names), canonExplicit).Concat(canonExplicit);
            zones.Add(new Zone(canon, ZoneKind.Canon, siteServers, NameServers.Hostmaster(dns.Hostmaster, canon), dns.Ttl,
                NameServers.Records(siteServers, canon).Concat(canonRecords).ToList()));

            var reverseRecords = ReverseZones.Records(reverse, names, siteServers, canon);
            foreach (var zone in reverse)
            {
                handled.Add(zone.Origin);
                var zoneExplicit = ExplicitRecords.Of(site.Domains[zone.Origin]);
                var records = ExplicitRecords.Shadow(reverseRecords[zone.Origin], zoneExplicit).Concat(zoneExplicit);
                zones.Add(new Zone(zone.Origin, ZoneKind.Reverse, siteServers, NameServers.Hostmaster(dns.Hostmaster, canon), dns.Ttl,
                    NameServers.Records(siteServers, canon).Concat(records).ToList()));
            }

            foreach (var (path, text) in ReverseZones.Snippets(reverse, siteServers, canon, site.Settings.Name, server => PublicZone.PublicName(context.Resolved, server)))
            {
                // For whoever serves the parent zone (the ISP, say): no machine of the site receives it.
                artifacts.Add(Artifact.Text(path, Family, null, text));
            }
        }

        foreach (var domain in site.Domains.Where(d => !handled.Contains(d.Name)))
        {
            var servers = serving.ServersOf(domain);
            if (servers.Count == 0)
            {
                continue;
            }

            var explicitRecords = ExplicitRecords.Of(domain);
            if (domain.Public)
            {
                // The internet's view: public addresses, in-domain name servers with glue, signed.
                var nameServers = ExplicitRecords.Shadow(PublicZone.NameServerRecords(context.Resolved.Names, domain, servers).Where(r => r.Owner != "@"), explicitRecords)
                    .Concat(PublicZone.NameServerRecords(context.Resolved.Names, domain, servers).Where(r => r.Owner == "@"));
                zones.Add(new Zone(domain.Name, ZoneKind.Domain, servers, NameServers.Hostmaster(dns.Hostmaster, domain.Name), domain.Ttl,
                    nameServers.Concat(PublicZone.Generated(context.Resolved, domain, explicitRecords)).Concat(explicitRecords).ToList())
                {
                    Signed = true,
                    MasterName = PublicZone.ServerName(servers[0], domain.Name) + ".",
                });
                continue;
            }

            var records = DomainZone.Generated(context.Resolved, domain, explicitRecords).Concat(explicitRecords);
            zones.Add(new Zone(domain.Name, ZoneKind.Domain, servers, NameServers.Hostmaster(dns.Hostmaster, domain.Name), domain.Ttl,
                NameServers.Records(servers, canon).Concat(records).ToList()));
        }

        // The serials of the last build, kept beside the zones: a zone file that went missing from
        // the output must not take its serial back to today's first one.
        var recorded = SerialRecord.Read(context.PreviousArtifact(SerialRecord.Path));
        var serials = new SortedDictionary<string, uint>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            var prepared = ZoneWriter.Prepare(zone, canon, site.Settings.Name);
            var floor = recorded.TryGetValue(zone.Origin, out var r) ? r : (uint?)null;
            var previous = context.PreviousArtifact(zone.ArtifactPath);
            var previousSigned = zone.Signed ? context.PreviousArtifact(zone.SignedArtifactPath) : null;
            if (previousSigned is not null && previous is not null && !SignaturePolicy.StillFresh(previousSigned, context.Today))
            {
                // Only the signatures' expiry forces a new signed zone: its serial moves on with it.
                floor = ZoneWriter.ReadSerial(System.Text.Encoding.UTF8.GetString(previous)) ?? floor;
                previous = null;
            }

            var serial = SerialPolicy.Choose(prepared.RenderUtf8, context.Today, previous, () => floor ?? context.LiveSerial(zone.Origin), context.SerialOverride);
            serials[zone.Origin] = serial;
            var unsigned = prepared.RenderUtf8(serial);
            if (!zone.Signed)
            {
                artifacts.Add(new Artifact(zone.ArtifactPath, Family, NsdConf.ZoneDelivery(zone), unsigned));
                continue;
            }

            // The unsigned zone stays in the output (what was signed); the primary loads the signed one.
            artifacts.Add(new Artifact(zone.ArtifactPath, Family, null, unsigned));
            artifacts.AddRange(Sign(context, zone, unsigned, previous, previousSigned, diagnostics));
        }

        if (zones.Count > 0)
        {
            // The build's own record, read back by the next build: not installed anywhere.
            artifacts.Add(Artifact.Text(SerialRecord.Path, Family, null, SerialRecord.Write(serials)));
        }

        var layout = DnsLayout.Of(context.Resolved);
        foreach (var server in zones.SelectMany(z => z.Servers).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var served = zones.Where(z => z.Servers.Contains(server, StringComparer.Ordinal));
            artifacts.Add(Artifact.Text($"dns/nsd/{server}.nsd.conf", Family, NsdConf.ConfDelivery(server), NsdConf.Render(server, served, layout, site.Settings.Name)));
        }

        foreach (var resolver in layout.Resolvers)
        {
            artifacts.Add(Artifact.Text($"dns/unbound/{resolver.Machine}.unbound.conf", Family, UnboundConf.Delivery(resolver.Machine),
                UnboundConf.Render(resolver, zones, layout, dns.BlockOutgoing, dns.Forwarders, site.Settings.Name)));
        }

        return artifacts;
    }

    /// <summary>
    /// The signed zone, delivered to the primary, and its DS records for the registrar: the previous
    /// build's, when the zone is unchanged and its signatures still run (<see cref="SignaturePolicy"/>).
    /// </summary>
    private IEnumerable<Artifact> Sign(EmitContext context, Zone zone, byte[] unsigned, byte[]? previous, byte[]? previousSigned, DiagnosticBag diagnostics)
    {
        var previousDs = context.PreviousArtifact(zone.DsArtifactPath);
        byte[]? signed = null;
        byte[]? ds = null;
        if (previous is not null && previousSigned is not null && previousDs is not null && previous.AsSpan().SequenceEqual(unsigned))
        {
            (signed, ds) = (previousSigned, previousDs);
        }
        else if (context.Signer is null)
        {
            // A build in memory (show host) has no secrets to sign with: it shows no signed zone.
            return [];
        }
        else
        {
            var result = context.Signer.Sign(zone.Origin, unsigned, SignaturePolicy.Inception(context.Today), SignaturePolicy.Expiration(context.Today));
            if (result.Signed is null || result.Ds is null)
            {
                diagnostics.Add(DnsMessages.ZoneNotSigned.Create(context.Resolved.Site.Domains[zone.Origin]?.Node.KeyAt(),
                    $"public zone '{zone.Origin}' could not be signed: {result.Error}",
                    "install ldnsutils (ldns-keygen, ldns-signzone; scripts/install-deps.sh does), and check that the secrets directory is readable and the temporary directory ($TMPDIR) writable"));
                return [];
            }

            (signed, ds) = (result.Signed, System.Text.Encoding.UTF8.GetBytes(result.Ds));
        }

        return
        [
            new Artifact(zone.SignedArtifactPath, Family, NsdConf.ZoneDelivery(zone), signed),
            new Artifact(zone.DsArtifactPath, Family, null, ds),
        ];
    }
}
