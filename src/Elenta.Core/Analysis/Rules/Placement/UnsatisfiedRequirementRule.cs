using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6005: a role's <c>requires</c> names a role that its constellation does not place.</summary>
public sealed class UnsatisfiedRequirementRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6005", "Required role not placed in the constellation", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role may require another role in the same constellation: a database in secondary mode
        needs a database in primary mode to replicate from, a backup client needs a backup target.
        A requirement applies to an instance when every option in its `when` has that value on the
        instance (extraOpts, else the option's default); it is satisfied by another instance of the
        required role, in the same constellation, whose option values match every entry of the
        requirement's `extraOpts`. Values are compared as text.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var placed = PlacementFacts.Placed(context.Site);
        var byConstellationRole = placed.ToLookup(p => (p.Constellation.Name, p.Role.Name));
        // How many instances satisfy one requirement in one constellation: computed once, not per requiring instance.
        var satisfying = new Dictionary<(string Constellation, Requirement Requirement), int>();

        foreach (var p in placed)
        {
            foreach (var requirement in p.Role.Requires)
            {
                if (!Matches(p, requirement.When))
                {
                    continue;
                }

                var key = (p.Constellation.Name, requirement);
                if (!satisfying.TryGetValue(key, out var count))
                {
                    count = byConstellationRole[(p.Constellation.Name, requirement.Role)].Count(c => Matches(c, requirement.ExtraOpts));
                    satisfying[key] = count;
                }

                var selfCounts = p.Role.Name == requirement.Role && Matches(p, requirement.ExtraOpts) ? 1 : 0;
                if (count - selfCounts > 0)
                {
                    continue;
                }

                var wanted = requirement.ExtraOpts.Count == 0
                    ? $"an instance of role '{requirement.Role}'"
                    : $"an instance of role '{requirement.Role}' with {Describe(requirement.ExtraOpts)}";
                var because = requirement.When.Count == 0 ? string.Empty : $" (because it has {Describe(requirement.When)})";
                context.Report(Rule.Create(p.KeyLocation,
                    $"{p.Describe()} requires {wanted}{because}, and constellation '{p.Constellation.Name}' places none",
                    $"place {wanted} in constellation '{p.Constellation.Name}', or change this instance's extraOpts",
                    [new RelatedLocation(((MergedMapping)requirement.Node).At("role"), $"role '{p.Role.Name}' declares the requirement here")]));
            }
        }
    }

    private static bool Matches(PlacedInstance p, IReadOnlyDictionary<string, object?> wanted)
    {
        foreach (var (option, text) in wanted)
        {
            if (text is null || Binder.Format(ValueOf(p, option)) != (string)text)
            {
                return false;
            }
        }

        return true;
    }

    private static object? ValueOf(PlacedInstance p, string option) =>
        p.Instance.ExtraOpts.TryGetValue(option, out var v) ? v : p.Role.Options[option]?.Default;

    private static string Describe(IReadOnlyDictionary<string, object?> values) =>
        string.Join(", ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}: {v.Value}"));
}
