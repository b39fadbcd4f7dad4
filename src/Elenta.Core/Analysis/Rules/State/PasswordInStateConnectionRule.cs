using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.State;

/// <summary>EL9255: the journal's PostgreSQL connection string holds a password, which would then sit in the site's files.</summary>
public sealed class PasswordInStateConnectionRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9255", "Password in the journal's connection string", Severity.Error, "State");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        state.postgresql is the connection string of the journal a team shares. The site's files go
        to git and to everyone who clones it, so the string holds no password: the database client
        (Npgsql) takes it from the PGPASSWORD environment variable or from ~/.pgpass
        (host:port:database:user:password, mode 0600) of whoever runs elenta. A CI job can also
        give the whole string in an environment variable named by state.postgresqlEnv.
        """;

    public override void Analyze(AnalysisContext context)
    {
        if (context.Site.Settings.State is not { PostgreSql: { } text } state
            || ConnectionStrings.Parse(text, out _) is not { } pairs
            || ConnectionStrings.Find(pairs, [.. ConnectionStrings.PasswordKeywords]) is null)
        {
            return;
        }

        context.Report(Rule.Create(state.Node.At(SiteKeys.PostgreSql),
            "state.postgresql holds a password, which would be in the site's files (and its git history) for anyone who reads them",
            "remove Password=...; give it in PGPASSWORD or ~/.pgpass on the machines elenta runs from, or the whole string in an environment variable named by state.postgresqlEnv"));
    }
}
