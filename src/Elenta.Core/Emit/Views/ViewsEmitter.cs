using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Views;

/// <summary>
/// <c>views/&lt;machine&gt;.json</c> for every host, VM and container: the machine's resolved view,
/// installed as /etc/elenta/view.json, where its NixOS configuration reads it with
/// <c>builtins.fromJSON</c> for static service discovery.
/// </summary>
public sealed class ViewsEmitter : IArtifactEmitter
{
    public const string TargetPath = "/etc/elenta/view.json";

    public string Family => "views";

    public string Description => "each machine's resolved view as JSON (/etc/elenta/view.json)";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics) =>
        context.Resolved.Machines
            .DistinctBy(v => v.Name)
            .Select(v => Artifact.Text($"views/{v.Name}.json", Family, v.Name, TargetPath, ViewJson.Serialize(ViewJson.Machine(context.Resolved, v))))
            .ToList();
}
