using System.Text.RegularExpressions;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.State;

/// <summary>EL9257: a state section that does not say one database: both forms, neither, or an environment variable name that cannot be one.</summary>
public sealed partial class AmbiguousStateRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9257", "The journal's database is not given once", Severity.Error, "State");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A state section says where the journal is, in exactly one way: state.postgresql (the
        connection string) or state.postgresqlEnv (the name of the environment variable that holds
        it when elenta runs: letters, digits and _, not starting with a digit). Both at once would
        leave it unclear which database the team's history goes to; neither is a section that says
        nothing (leave it out for the SQLite journal in .elenta/state.db).
        """;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    public override void Analyze(AnalysisContext context)
    {
        if (context.Site.Settings.State is not { } state)
        {
            return;
        }

        if (state.PostgreSql is not null && state.PostgreSqlEnv is not null)
        {
            context.Report(Rule.Create(state.Node.At(SiteKeys.PostgreSqlEnv),
                "state gives both postgresql and postgresqlEnv: which database is the journal?",
                "keep one: postgresql for a string in the site (no password), postgresqlEnv for one taken from the environment",
                [new RelatedLocation(state.Node.At(SiteKeys.PostgreSql), "postgresql is given here")]));
        }
        else if (state.PostgreSql is null && state.PostgreSqlEnv is null)
        {
            context.Report(Rule.Create(state.Node.KeyAt(),
                "state gives neither postgresql nor postgresqlEnv",
                "add postgresql: \"Host=db.canon;Database=elenta;Username=deploy\", or remove the state section to keep the SQLite journal in .elenta/state.db"));
        }
        else if (state.PostgreSqlEnv is { } name && !EnvName().IsMatch(name))
        {
            context.Report(Rule.Create(state.Node.At(SiteKeys.PostgreSqlEnv),
                $"state.postgresqlEnv '{name}' is not an environment variable's name",
                "give the variable's name (letters, digits and _), such as ELENTA_STATE, not its value"));
        }
    }
}
