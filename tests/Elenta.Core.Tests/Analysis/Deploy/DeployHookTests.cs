using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Tests.Analysis.Deploy;

/// <summary>
/// The roles' deploy hooks (backup, restore, health, after) as the deployer sees them per machine,
/// and what check says about bad ones (EL9250-EL9254), at the line that causes it.
/// </summary>
public class DeployHookTests
{
    /// <summary>The minimal site (web on alpha, database on the VM db) with hooks added to its roles.</summary>
    private static TestSite WithHooks(string roles) => TestSite.Minimal().File("hooks.yaml", "roles:\n" + roles);

    [Fact]
    public void EachMachineGetsTheHooksOfItsRolesAndTheMachinesItComesAfter()
    {
        var compilation = WithHooks("""
              web:
                after: [database]
                backup: [ "tar czf /var/backups/www.tgz /srv/www" ]
                restore: [ "tar xzf /var/backups/www.tgz -C /" ]
                health:
                  - { tcp: 80 }
                  - { http: 80, path: healthz, status: 204, interval: 1s, timeout: 5s }
                  - { command: "test -s /srv/www/index.html" }
              database:
                health: [ { tcp: 5432 } ]
            """).Compile();
        compilation.Diagnostics.Clean();
        var hooks = DeployHooks.Of(compilation.Resolved!);
        var alpha = hooks.For("alpha");
        Assert.Equal(["tar czf /var/backups/www.tgz /srv/www"], alpha.Backup.Select(c => c.Command));
        Assert.Equal(["web"], alpha.Restore.Select(c => c.Role));
        Assert.Equal(["tcp 80", "http 80/healthz", "command 'test -s /srv/www/index.html'"], alpha.Health.Select(h => h.Check.Describe()));
        var http = alpha.Health[1].Check;
        Assert.Equal((204, 1, 5), (http.Status!.Value, http.IntervalSeconds, http.TimeoutSeconds));
        Assert.Equal((HealthCheck.DefaultIntervalSeconds, HealthCheck.DefaultTimeoutSeconds), (alpha.Health[0].Check.IntervalSeconds, alpha.Health[0].Check.TimeoutSeconds));
        Assert.Equal(["db"], alpha.After.Select(e => e.Before));
        Assert.Equal(["tcp 5432"], hooks.For("db").Health.Select(h => h.Check.Describe()));
        Assert.Empty(hooks.For("db").After);
        Assert.True(hooks.For("beta").IsEmpty);
        Assert.Empty(hooks.Cycles());
    }

    [Fact]
    public void AfterNamesAMachineByItsNameOrCanonName()
    {
        var compilation = WithHooks("""
              web:
                after: [beta.canon, alpha]
            """).Compile();
        compilation.Diagnostics.Clean();
        // alpha itself is left out: a machine never waits for itself.
        Assert.Equal(["beta"], DeployHooks.Of(compilation.Resolved!).For("alpha").After.Select(e => e.Before));
    }

    [Theory]
    [InlineData("{ interval: 5s }", "neither command:, tcp: nor http:", "interval")]
    [InlineData("{ tcp: 80, http: 80 }", "says tcp: and http:", "http")]
    public void AHealthCheckMustAskExactlyOneThing(string check, string message, string at)
    {
        var d = WithHooks($"  web:\n    health: [ {check} ]\n").Compile().Diagnostics.Single("EL9250");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains(message, d.Message);
        Assert.Contains("role 'web'", d.Message);
        Assert.Equal(at, SpanText.Of(d));
        Assert.NotNull(d.Help);
    }

    [Fact]
    public void PathAndStatusBelongToHttpChecksOnly()
    {
        var d = WithHooks("  web:\n    health: [ { tcp: 80, path: /x } ]\n").Compile().Diagnostics.Single("EL9250");
        Assert.Contains("'path:' in a tcp: health check", d.Message);
        Assert.Equal("path", SpanText.Of(d));
    }

    [Fact]
    public void AnIntervalAsLongAsTheTimeoutIsAWarning()
    {
        var d = WithHooks("  web:\n    health: [ { tcp: 80, interval: 10s, timeout: 10s } ]\n").Compile().Diagnostics.Single("EL9251");
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("10s", SpanText.Of(d));
        Assert.Contains("tried once", d.Message);
    }

    [Fact]
    public void ABadDurationIsReportedWhereItIsWritten()
    {
        var d = WithHooks("  web:\n    health: [ { tcp: 80, timeout: soon } ]\n").Compile().Diagnostics.Single("EL2004");
        Assert.Equal("soon", SpanText.Of(d));
    }

    [Fact]
    public void AfterANameThatIsNoRoleOrMachineIsReportedWithASuggestion()
    {
        var d = WithHooks("  web:\n    after: [databse]\n").Compile().Diagnostics.Single("EL9252");
        Assert.Equal("databse", SpanText.Of(d));
        Assert.Contains("did you mean 'database'?", d.Message);
    }

    [Fact]
    public void AfterARolePlacedNowhereIsAWarning()
    {
        var d = WithHooks("  web:\n    after: [dns]\n  dns: { description: not placed }\n").Compile().Diagnostics.Single("EL9254");
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("dns", SpanText.Of(d));
    }

    [Fact]
    public void ACycleIsReportedOnceWithEveryStep()
    {
        var compilation = WithHooks("""
              web:
                after: [database]
              database:
                after: [alpha]
            """).Compile();
        var d = compilation.Diagnostics.Single("EL9253");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Contains("db comes after alpha (role 'database' says after: alpha)", d.Message);
        Assert.Contains("alpha comes after db (role 'web' says after: database)", d.Message);
        Assert.Single(d.Related);
        Assert.Contains(SpanText.Of(d), new[] { "alpha", "database" });
    }
}
