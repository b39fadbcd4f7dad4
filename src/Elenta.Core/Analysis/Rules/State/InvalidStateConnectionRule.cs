using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.State;

/// <summary>EL9256: the journal's PostgreSQL connection string is not keyword=value pairs, or names no host.</summary>
public sealed class InvalidStateConnectionRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9256", "Malformed journal connection string", Severity.Error, "State");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        state.postgresql is an Npgsql connection string: keyword=value pairs separated by ';'
        (Host=db.canon;Port=5432;Database=elenta;Username=deploy), a value quoted with ' or " when it
        holds a ';'. Host is required: the deployer would otherwise try a database on its own machine,
        which is not the one the team shares. Reported at the string, before any deploy starts.
        """;

    public override void Analyze(AnalysisContext context)
    {
        if (context.Site.Settings.State is not { PostgreSql: { } text } state)
        {
            return;
        }

        var pairs = ConnectionStrings.Parse(text, out var problem);
        if (pairs is not null && ConnectionStrings.Find(pairs, "Host", "Server") is { Length: > 0 })
        {
            return;
        }

        context.Report(Rule.Create(state.Node.At(SiteKeys.PostgreSql),
            pairs is null ? $"state.postgresql is not a connection string: {problem}" : "state.postgresql names no Host: the journal's database server is not said",
            "write keyword=value pairs separated by ';', such as \"Host=db.canon;Port=5432;Database=elenta;Username=deploy\""));
    }
}
