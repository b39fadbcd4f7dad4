using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Firewall;

/// <summary>
/// nftables rulesets, one file per machine (docs/firewall.md): every managed machine with a network
/// stack of its own gets an input chain opening exactly what <see cref="InputFirewalls"/> says (the
/// same rules its view carries); each firewall host of <c>cadaster.network.firewalls</c> also gets
/// the forward chain of its zones and rules, and its NAT.
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

    public string Description => "nftables rulesets: every machine's input chain, each firewall host's forward chain and NAT";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var serving = ServiceMachines.Of(context.Resolved);
        var inputs = InputFirewalls.Of(context.Resolved);
        // EL8020 makes one firewall per host an error, so the first is the one.
        var firewalls = new Dictionary<string, Model.Firewall>(StringComparer.Ordinal);
        foreach (var firewall in site.Cadaster.Firewalls)
        {
            if (site.Cadaster.Hosts[firewall.Host] is { } host && serving.IsManaged(host.Name))
            {
                firewalls.TryAdd(firewall.Host, firewall);
            }
        }

        var machines = inputs.Machines().ToList(); // a managed firewall host among them
        var rendered = new RenderedSources();
        var artifacts = new Artifact[machines.Count];
        SideBySide.For(machines.Count, i =>
        {
            var machine = machines[i];
            var firewall = firewalls.GetValueOrDefault(machine);
            var input = inputs.For(machine);
            var bytes = NftRuleset.WriteUtf8(site, machine, input.HasChain ? input : null, firewall,
                firewall is null ? null : site.Cadaster.Hosts[machine], context.Where, rendered);
            artifacts[i] = new Artifact(OutputPath(machine), Family, Delivery.To(machine, TargetPath, "0644", Load), bytes);
        });
        return artifacts;
    }
}
