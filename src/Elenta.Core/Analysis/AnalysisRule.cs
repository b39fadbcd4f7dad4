using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis;

/// <summary>
/// One analysis rule: one sealed class, with its descriptor (code, title, default severity,
/// category). Rules are discovered by reflection; their severity can be changed per site in
/// elenta.yaml's <c>analysis.rules</c>.
/// </summary>
public abstract class AnalysisRule
{
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>What the rule checks and why, for <c>elenta check --explain CODE</c>.</summary>
    public abstract string Explanation { get; }

    public abstract void Analyze(AnalysisContext context);
}

/// <summary>What a rule sees: the typed site and every machine's view; and where it reports.</summary>
public sealed class AnalysisContext(ResolvedSite resolved, DiagnosticBag diagnostics, AnalysisRule rule)
{
    public Site Site => resolved.Site;

    public ResolvedSite Resolved => resolved;

    public AnalysisRule Rule => rule;

    public void Report(Diagnostic diagnostic) => diagnostics.Add(diagnostic);
}
