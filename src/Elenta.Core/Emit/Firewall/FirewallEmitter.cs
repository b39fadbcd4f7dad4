using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Firewall;

/// <summary>
/// nftables rulesets, one file per machine (docs/firewall.md): with a <c>firewall</c> section in
/// elenta.yaml every managed machine gets an input chain opening exactly what the site says it
/// serves; each firewall host of <c>cadaster.network.firewalls</c> also gets the forward chain of
/// its zones and rules, and its NAT.
/// </summary>
public sealed class FirewallEmitter : IArtifactEmitter
{
    public const string FamilyName = "firewall";

    /// <summary>Where each machine keeps its ruleset.</summary>
    public const string TargetPath = "/etc/nftables.d/elenta.nft";

    /// <summary>What loads it: one transaction, which replaces Elenta's table only.</summary>
    public const string Load = "nft -f " + TargetPath;

    public static string OutputPath(string machine) => $"firewall/{machine}.nft";

    public string Family => FamilyName;

    public string Description => "nftables rulesets: every machine's input chain (with a firewall section), each firewall host's forward chain and NAT";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var inputs = site.Settings.Firewall is not null;
        if (!inputs && site.Cadaster.Firewalls.Count == 0)
        {
            return [];
        }

        var serving = ServiceMachines.Of(context.Resolved);
        var openings = new InputOpenings(context.Resolved, context.Where);
        // EL8020 makes one firewall per host an error, so the first is the one.
        var firewalls = new Dictionary<string, Model.Firewall>(StringComparer.Ordinal);
        foreach (var firewall in site.Cadaster.Firewalls)
        {
            if (site.Cadaster.Hosts[firewall.Host] is { } host && serving.IsManaged(host.Name))
            {
                firewalls.TryAdd(firewall.Host, firewall);
            }
        }

        var machines = inputs ? openings.Machines(serving).ToList() : [.. firewalls.Keys];
        var artifacts = new Artifact[machines.Count];
        SideBySide.For(machines.Count, i =>
        {
            var machine = machines[i];
            var firewall = firewalls.GetValueOrDefault(machine);
            var text = NftRuleset.Write(site, machine, inputs ? openings.For(machine) : null, firewall,
                firewall is null ? null : site.Cadaster.Hosts[machine], context.Where, openings);
            artifacts[i] = Artifact.Text(OutputPath(machine), Family, Delivery.To(machine, TargetPath, "0644", Load), text);
        });
        return artifacts;
    }
}
