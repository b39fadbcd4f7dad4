using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6001: the roles, VMs and containers placed on a host ask for more than it has.</summary>
public sealed class HostOverAllocatedRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6001", "Host over-allocated", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Adds up the CPUs, memory and disk that everything placed on a host asks for, across every
        constellation being checked: its hostConfig roles, its VMs and its containers (an instance's
        own resources, else its role's). The total must fit in the host's hardware times its
        overcommit ratio (hardware.overcommit, 1.0 when not given). A host that does not declare a
        capacity is not checked for it. The same role placed twice on the host itself merges into
        one configuration and counts once. This is the journal's first compatibility rule: two
        constellations are compatible only if together they do not over-allocate any machine.
        """;

    public override void Analyze(AnalysisContext context)
    {
        // One pass adds up every host's totals; only an over-allocated host has its instances listed.
        var running = PlacementFacts.DistinctRunning(context.Site);
        var totals = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var p in running)
        {
            if (!totals.TryGetValue(p.Instance.Host, out var sum))
            {
                sum = new double[3];
                totals[p.Instance.Host] = sum;
            }

            sum[0] += PlacementFacts.Amount(p, ResourceKind.Cpu) ?? 0;
            sum[1] += PlacementFacts.Amount(p, ResourceKind.Memory) ?? 0;
            sum[2] += PlacementFacts.Amount(p, ResourceKind.Disk) ?? 0;
        }

        ILookup<string, PlacedInstance>? byHost = null;
        foreach (var (name, sum) in totals)
        {
            var host = context.Site.Cadaster.Hosts[name]!;
            var hw = host.Hardware;
            var over = (hw.Cpus is { } c && sum[0] > c * hw.Overcommit.Cpu) ||
                       (hw.Memory is { } m && sum[1] > m.Bytes * hw.Overcommit.Memory) ||
                       (hw.Disk is { } d && sum[2] > d.Bytes * hw.Overcommit.Disk);
            if (!over)
            {
                continue;
            }

            byHost ??= running.ToLookup(p => p.Instance.Host, StringComparer.Ordinal);
            var instances = byHost[name].ToList();
            Check(context, host, instances, ResourceKind.Cpu, hw.Cpus, hw.Overcommit.Cpu);
            Check(context, host, instances, ResourceKind.Memory, hw.Memory?.Bytes, hw.Overcommit.Memory);
            Check(context, host, instances, ResourceKind.Disk, hw.Disk?.Bytes, hw.Overcommit.Disk);
        }
    }

    private static void Check(AnalysisContext context, Host host, List<PlacedInstance> instances, ResourceKind kind, long? capacity, double ratio)
    {
        if (capacity is null)
        {
            return;
        }

        var takers = instances.Select(p => (Instance: p, Takes: PlacementFacts.Takes(p, kind))).Where(t => t.Takes is not null).ToList();
        var total = takers.Sum(t => (double)t.Takes!.Value.Amount);
        var allowed = capacity.Value * ratio;
        if (total <= allowed)
        {
            return;
        }

        var field = PlacementFacts.FieldName(kind);
        var hardware = host.Node.Map("hardware");
        var location = hardware is null ? host.Node.KeyAt() : hardware.At(field);
        var ratioText = ratio.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var related = takers.Select(t => new RelatedLocation(t.Takes!.Value.Where,
            $"{t.Instance.Describe()} takes {PlacementFacts.Format(kind, t.Takes.Value.Amount)}"));
        context.Report(Rule.Create(location,
            $"host '{host.Name}' is over-allocated: what is placed on it asks for {PlacementFacts.Format(kind, total)}, " +
            $"but it has {PlacementFacts.Format(kind, capacity.Value)} × overcommit {ratioText} = {PlacementFacts.Format(kind, allowed)}",
            $"move a VM or container to another host, lower the instances' resources, or raise hardware.overcommit.{(kind == ResourceKind.Cpu ? "cpu" : field)} if the host can really take it",
            related));
    }
}
