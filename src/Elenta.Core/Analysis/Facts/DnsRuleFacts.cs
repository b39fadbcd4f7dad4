using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>Where the DNS service rules point: a network's dns: entry, a zone's server list and its servers.</summary>
internal static class DnsRuleFacts
{
    /// <summary>The i-th address of a network's <c>dns:</c> list.</summary>
    public static Location DnsEntryAt(Network network, int index) =>
        network.Node.Child("dns") is MergedSequence { } seq && index >= 0 && index < seq.Items.Count ? seq.Items[index].Location : network.Node.At("dns");

    /// <summary>Where a network's <c>dns:</c> list gives <paramref name="ip"/> (its first place; the list itself when it does not).</summary>
    public static Location DnsEntryAt(Network network, IpAddress ip)
    {
        for (var i = 0; i < network.Dns.Count; i++)
        {
            if (network.Dns[i] == ip)
            {
                return DnsEntryAt(network, i);
            }
        }

        return network.Node.At("dns");
    }

    /// <summary>
    /// Every server list of the site with where it is written: the canon and reverse zones'
    /// (<c>dns.servers</c>, or every domain's name servers) and each domain's.
    /// </summary>
    public static IEnumerable<(string What, IReadOnlyList<string> Servers, Location? At, Domain? Domain)> ServerLists(ResolvedSite resolved)
    {
        var site = resolved.Site;
        var serving = ServiceMachines.Of(resolved);
        // Without dns.servers the canon servers are every domain's name servers: the first such list is where they are written.
        var canonAt = site.Tree.Map(SiteKeys.Dns)?.Child(SiteKeys.DnsServers)?.Location
            ?? (site.Settings.Dns.Servers.Count == 0 ? site.Domains.FirstOrDefault(d => d.Nameservers.Count > 0)?.Node.At(SiteKeys.Nameservers) : null)
            ?? site.Tree[SiteKeys.Dns]?.KeyAt();
        if (serving.CanonServers.Count > 0)
        {
            yield return ($"the canon domain '{site.Settings.CanonDomain}' (with the reverse zones)", serving.CanonServers, canonAt, null);
        }

        foreach (var domain in site.Domains)
        {
            var servers = serving.ServersOf(domain);
            if (servers.Count > 0)
            {
                yield return ($"domain '{domain.Name}'", servers, domain.Nameservers.Count > 0 ? domain.Node.At(SiteKeys.Nameservers) : canonAt, domain);
            }
        }
    }

    /// <summary>Whether Elenta can install NSD's files on the machine (a host whose driver is not none, or a guest).</summary>
    public static bool Managed(ResolvedSite resolved, string machine) => ServiceMachines.Of(resolved).IsManaged(machine);
}
