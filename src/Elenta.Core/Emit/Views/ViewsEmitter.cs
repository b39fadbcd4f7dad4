using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Views;

/// <summary>
/// <c>views/&lt;machine&gt;.json</c> for every host, VM and container: the machine's resolved view,
/// installed as /etc/elenta/view.json, where its NixOS configuration reads it with
/// <c>builtins.fromJSON</c> for static service discovery; and <c>views/constellations/&lt;name&gt;.json</c>,
/// the directory of each constellation (its instances, addresses, options and services), installed
/// as /etc/elenta/constellations/&lt;name&gt;.json on the machines that take part in it.
/// </summary>
public sealed class ViewsEmitter : IArtifactEmitter
{
    public const string TargetPath = "/etc/elenta/view.json";

    public string Family => "views";

    public string Description => "each machine's resolved view as JSON (/etc/elenta/view.json)";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        // Tens of thousands of independent files: rendered in parallel, kept in machine order.
        // A machine Elenta does not manage (driver: none) has its view built, for reading, but not delivered.
        var serving = ServiceMachines.Of(context.Resolved);
        var machines = SideBySide.Map(context.Resolved.Machines.DistinctBy(v => v.Name),
            v => new Artifact($"views/{v.Name}.json", Family, serving.IsManaged(v.Name) ? Delivery.To(v.Name, TargetPath) : null, ViewJson.MachineUtf8(context.Resolved, v)));

        // One directory per constellation, read beside the machine's view: inlining it in every
        // view would write it once per member, which grows with the square of the site.
        var directories = SideBySide.Map(context.Resolved.Constellations,
            c => new Artifact($"views/constellations/{c.Name}.json", Family,
                new Delivery(c.Instances.Select(i => i.Machine).Where(serving.IsManaged).ToList(), $"{DirectoryTargetRoot}/{c.Name}.json"),
                ViewJson.ConstellationUtf8(c)));
        return [.. machines, .. directories];
    }

    /// <summary>Where the constellation directories go on every machine that takes part in them.</summary>
    public const string DirectoryTargetRoot = "/etc/elenta/constellations";
}
