using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Model;

namespace Elenta.Core.Analysis.Rules.Deploy;

/// <summary>EL9250: a role's health check says no way of checking, or several, or HTTP settings for a check that is not HTTP.</summary>
public sealed class HealthCheckKindRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9250", "Health check is not exactly one of command, tcp or http", Severity.Error, "Deploy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A health check (a role's health: list) asks one thing after a machine's new generation is
        activated: a command run on the machine (command:), a TCP connection from the deployer to a
        port of the machine (tcp:), or an HTTP GET from the deployer (http: PORT, with path: and
        status:). A check that names none of the three, or two of them, cannot be run; path: and
        status: mean something for an http: check only.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var role in context.Site.Roles)
        {
            foreach (var check in role.Health)
            {
                var given = new[] { "command", "tcp", "http" }.Where(k => check.Node.Child(k) is not null).ToList();
                if (given.Count != 1)
                {
                    context.Report(Rule.Create(given.Count == 0 ? check.Node.Entries.Select(e => (Text.Location?)e.Value.KeyAt()).FirstOrDefault() ?? check.Node.Location : check.Node.Child(given[1])!.KeyAt(),
                        given.Count == 0
                            ? $"a health check of role '{role.Name}' says neither command:, tcp: nor http:, so it checks nothing"
                            : $"a health check of role '{role.Name}' says {string.Join(" and ", given.Select(g => g + ":"))}; one check asks one thing",
                        given.Count == 0
                            ? "write one of command: 'a shell command' (run on the machine), tcp: PORT or http: PORT (probed from the deployer)"
                            : "split it into one check per item of the health: list"));
                    continue;
                }

                if (check.Probe != HealthProbe.Http)
                {
                    foreach (var key in new[] { "path", "status" }.Where(k => check.Node.Child(k) is not null))
                    {
                        context.Report(Rule.Create(check.Node.Child(key)!.KeyAt(),
                            $"'{key}:' in a {given[0]}: health check of role '{role.Name}' means nothing: only an http: check has a path and a status",
                            $"remove '{key}:', or make the check an http: PORT check"));
                    }
                }
            }
        }
    }
}
