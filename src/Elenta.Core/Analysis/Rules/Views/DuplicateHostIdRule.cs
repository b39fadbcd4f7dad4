using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Views;

/// <summary>EL9221: two machines have one ZFS host id.</summary>
public sealed class DuplicateHostIdRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9221", "Two machines with one host id", Severity.Error, "Views");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Every machine's view carries a ZFS host id: the host's hostId, else one derived from the
        machine's name. ZFS uses it to tell whether a pool is in use by another machine; two
        machines with one id can both import a shared pool and corrupt it. Two hosts given the same
        hostId (a line copied and not edited), or, rarely, two names whose derived ids coincide,
        are reported; give one of them a hostId of its own.
        """;

    public override void Analyze(AnalysisContext context)
    {
        // Keyed by the id's number: no hex text is made unless two machines share one.
        var site = context.Site;
        var seen = new Dictionary<uint, (string Machine, Location Where, bool Given)>();
        foreach (var host in site.Cadaster.Hosts)
        {
            var given = host.HostId is { } id && HostIds.IsValid(id);
            var value = given ? HostIds.Value(host.HostId!) : HostIds.DerivedValue(host.Name);
            Check(context, seen, host.Name, value, given ? host.Node.At("hostId") : host.Node.KeyAt(), given);
        }

        foreach (var p in PlacementFacts.Placed(site))
        {
            if (p.Instance.Kind != Model.InstanceKind.Host)
            {
                Check(context, seen, p.Instance.Name, HostIds.DerivedValue(p.Instance.Name), p.KeyLocation, false);
            }
        }
    }

    private static void Check(AnalysisContext context, Dictionary<uint, (string Machine, Location Where, bool Given)> seen, string machine, uint value, Location where, bool given)
    {
        if (!seen.TryGetValue(value, out var first))
        {
            seen[value] = (machine, where, given);
            return;
        }

        if (first.Machine == machine)
        {
            return; // one guest placed by two constellations is one machine
        }

        var id = value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        static string How(bool given) => given ? "given in the cadaster" : "derived from its name";
        context.Report(Rule.Create(where,
            $"machine '{machine}' has host id {id} ({How(given)}), which machine '{first.Machine}' already has ({How(first.Given)})",
            $"give one of the hosts a hostId of its own in the cadaster, such as hostId: \"{HostIds.Derived(machine + "/" + first.Machine)}\"",
            [new RelatedLocation(first.Where, $"'{first.Machine}' has host id {id} here")]));
    }
}
