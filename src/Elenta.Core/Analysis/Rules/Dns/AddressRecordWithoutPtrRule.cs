using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5007: an A/AAAA record in a network whose reverse zone the site serves, with no PTR for it.</summary>
public sealed class AddressRecordWithoutPtrRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5007", "Address record without a PTR", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The site serves the reverse zone of every network with reverseDns (the default), and generates a " +
        "PTR for each canon address, BMC, guest and switch management address; PTR records written in the site add more. An " +
        "A or AAAA record whose address falls in such a network but that none of these cover leaves a hole " +
        "in the reverse zone: logs, SSH, mail and monitoring see a bare address where a name belongs.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var reverse = site.Networks.Where(n => n.ReverseDns).ToList();
        if (reverse.Count == 0)
        {
            return;
        }

        // The reverse zones point every address of a canon name back at it (SiteNames' policy).
        var covered = new HashSet<IpAddress>();
        foreach (var name in SiteNames.Of(site).Canon)
        {
            if (name.Pointer)
            {
                covered.Add(name.Ip);
            }
        }

        foreach (var domain in site.Domains)
        {
            foreach (var records in domain.Records)
            {
                if (records.Ptr is not null && DnsNameText.AddressOfReverseName(DnsNameText.RecordName(records.Name, domain.Name)) is { } ip)
                {
                    covered.Add(ip);
                }
            }
        }

        foreach (var domain in site.Domains)
        {
            foreach (var records in domain.Records)
            {
                foreach (var value in records.ValuesOf("A").Concat(records.ValuesOf("AAAA")))
                {
                    if (value.Parsed is not IpAddress ip || covered.Contains(ip) || Covering(reverse, ip) is not { } network)
                    {
                        continue;
                    }

                    context.Report(Rule.Create(value.Location,
                        $"{ip} ({value.Type} of '{DnsNameText.RecordName(records.Name, domain.Name)}') is in network '{network.Name}', whose reverse zone the site serves, but no PTR names it",
                        "give the machine a canon address with this IP, add a PTR record for it, or set reverseDns: false on the network if the site does not serve its reverse zone",
                        [new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' ({network.Cidr}) has reverseDns")]));
                }
            }
        }
    }

    /// <summary>The most specific reverse-served network holding the address (networks are few; hosts and records are not).</summary>
    private static Network? Covering(List<Network> networks, IpAddress ip) =>
        networks.Where(n => n.Cidr.Contains(ip)).OrderByDescending(n => n.Cidr.PrefixLength).FirstOrDefault();
}
