using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Nixos;

/// <summary>EL9260: a role's <c>config.nixos</c> does not name a flake configuration as <c>{ flake: "FLAKE#NAME" }</c>.</summary>
public sealed class NixosConfigReferenceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9260", "NixOS configuration is not FLAKE#NAME", Severity.Error, "Nixos");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's config.nixos names the NixOS configuration the nixos driver builds for the machines
        it is placed on: { flake: ".#database" }, a flake reference (".", a path, a flake URL), '#',
        and the name of one of the flake's nixosConfigurations. Without the '#NAME' part, or written
        as a plain string, the driver cannot tell which configuration to build; deploy, switch and
        build-image would fail on every machine of the role. Write it as nixos-rebuild --flake
        takes it.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var role in context.Site.Roles)
        {
            switch (role.Config.Nixos)
            {
                case null:
                    break;
                case MergedMapping map when map["flake"] is { } flake:
                    if (flake is not MergedScalar { IsNull: false } scalar || !IsReference(scalar.Text))
                    {
                        var text = flake is MergedScalar s ? $"'{s.Text}'" : $"a {flake.KindName}";
                        context.Report(Rule.Create(flake.Location,
                            $"role '{role.Name}' names the NixOS configuration {text}, which is not FLAKE#NAME",
                            $"write flake: \".#{role.Name}\" (the site's flake, nixosConfigurations.{role.Name}), or another FLAKE#NAME"));
                    }

                    break;
                case MergedMapping:
                    break; // a payload without flake: the machine builds its own configuration (.#MACHINE)
                default:
                    context.Report(Rule.Create(role.Config.Nixos.Location,
                        $"role '{role.Name}' has config.nixos as a {role.Config.Nixos.KindName}, not {{ flake: FLAKE#NAME }}",
                        $"write nixos: {{ flake: \".#{role.Name}\" }}"));
                    break;
            }
        }
    }

    /// <summary>FLAKE#NAME: both parts there, no space, one '#'.</summary>
    public static bool IsReference(string text)
    {
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash > 0 && hash < text.Length - 1 && text.IndexOf('#', hash + 1) < 0 && !text.Any(char.IsWhiteSpace);
    }
}
