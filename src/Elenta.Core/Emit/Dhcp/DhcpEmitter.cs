using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// DHCP for every IPv4 network with a pool or a reservation, for both dnsmasq and Kea. Which
/// machine serves DHCP is not modelled yet, so the artifacts are site-wide with default install
/// paths. Besides one Kea file per network, <c>dhcp/kea/kea-dhcp4.conf</c> holds every network for
/// a single Kea serving them all (Kea reads one configuration per process).
/// </summary>
public sealed class DhcpEmitter : IArtifactEmitter
{
    public const string FamilyName = "dhcp";

    public string Family => FamilyName;

    public string Description => "dnsmasq and Kea DHCP: reservations, pools, options and PXE/iPXE boot per network";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site.Settings.Name;
        var plans = DhcpPlanner.Plan(context.Resolved);
        var artifacts = new List<Artifact>();
        foreach (var plan in plans)
        {
            var name = plan.Network.Name;
            artifacts.Add(Artifact.Text($"{FamilyName}/dnsmasq/{name}.conf", FamilyName, null, $"/etc/dnsmasq.d/elenta-{name}.conf",
                DnsmasqConfig.Write(site, plan)));
            artifacts.Add(new Artifact($"{FamilyName}/kea/{name}.kea-dhcp4.conf", FamilyName, null, $"/etc/kea/kea-dhcp4-{name}.conf",
                KeaConfig.Write([plan], $"/var/lib/kea/kea-leases4-{name}.csv")));
        }

        if (plans.Count > 0)
        {
            artifacts.Add(new Artifact($"{FamilyName}/kea/kea-dhcp4.conf", FamilyName, null, "/etc/kea/kea-dhcp4.conf",
                KeaConfig.Write(plans, "/var/lib/kea/kea-leases4.csv")));
        }

        return artifacts;
    }
}
