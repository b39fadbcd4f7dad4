using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis;

/// <summary>Runs every rule over a resolved site and applies the site's severity overrides.</summary>
public static class Analyzer
{
    private static readonly Lazy<IReadOnlyList<AnalysisRule>> AllRules = new(() =>
        typeof(AnalysisRule).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(AnalysisRule)) && !t.IsAbstract)
            .Select(t => (AnalysisRule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Descriptor.Code, StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<AnalysisRule> Rules => AllRules.Value;

    public static AnalysisRule? Find(string code) => Rules.FirstOrDefault(r => string.Equals(r.Descriptor.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Builds the inventories several rules share, side by side (they are cached per site): built
    /// on first use, rules would wait on each other for them. The compilation calls this early, so
    /// they are built while the site resolves.
    /// </summary>
    public static void Prepare(Site site) =>
        Parallel.Invoke(
            () => Facts.AddressInventory.Of(site),
            () => Facts.DnsNameInventory.Of(site),
            () =>
            {
                Facts.PlacementFacts.ByRole(site);
                Facts.PlacementFacts.DistinctRunning(site);
                SshMachines.Of(site);
            });

    /// <summary>Runs every rule, side by side; each rule is a span of <see cref="Stages"/> ("rule CODE").</summary>
    public static IReadOnlyList<Diagnostic> Analyze(ResolvedSite resolved)
    {
        var overrides = resolved.Site.Settings.RuleSeverities;

        Prepare(resolved.Site);

        var results = new DiagnosticBag[Rules.Count];
        Parallel.For(0, Rules.Count, i =>
        {
            var rule = Rules[i];
            var bag = new DiagnosticBag();
            using (Stages.Start("rule " + rule.Descriptor.Code))
            {
                if (overrides.GetValueOrDefault(rule.Descriptor.Code, rule.Descriptor.DefaultSeverity) != Severity.Off)
                {
                    rule.Analyze(new AnalysisContext(resolved, bag, rule));
                }
            }

            results[i] = bag;
        });

        var all = new List<Diagnostic>();
        foreach (var bag in results)
        {
            foreach (var d in bag.ToSortedList())
            {
                var severity = overrides.TryGetValue(d.Code, out var s) ? s : d.Severity;
                if (severity != Severity.Off)
                {
                    all.Add(d.WithSeverity(severity));
                }
            }
        }

        return all;
    }
}
