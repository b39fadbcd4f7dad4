using Elenta.Core.Model;

namespace Elenta.Core.Tests.Analysis.State;

public class StateSettingsTests
{
    private static TestSite WithState(string state) => TestSite.Minimal().File("elenta.yaml", "site: mini\nstate:\n" + state);

    [Fact]
    public void AConnectionStringWithoutPasswordIsBoundAndClean()
    {
        var compiled = WithState("  postgresql: \"Host=db.canon;Port=5432;Database=elenta;Username=deploy\"\n").Compile();
        Assert.DoesNotContain(compiled.Diagnostics, d => d.Code.StartsWith("EL925", StringComparison.Ordinal));
        Assert.Equal("Host=db.canon;Port=5432;Database=elenta;Username=deploy", compiled.Site!.Settings.State!.PostgreSql);
    }

    [Fact]
    public void WithoutAStateSectionTheJournalStaysLocal()
    {
        Assert.Null(TestSite.Minimal().Compile().Site!.Settings.State);
    }

    [Fact]
    public void APasswordInTheSiteIsAnErrorAtTheString()
    {
        var d = WithState("  postgresql: \"Host=db.canon;Database=elenta;Username=deploy;pwd='x;y'\"\n").Compile().Diagnostics.Single("EL9255");
        Assert.True(d.IsError);
        Assert.Equal(3, d.Location!.Value.Start.Line);
        Assert.Contains("PGPASSWORD", d.Help);
    }

    [Theory]
    [InlineData("db.canon/elenta", "'db.canon/elenta' is not keyword=value")]
    [InlineData("Database=elenta;Username=deploy", "names no Host")]
    [InlineData("Host='db.canon;Database=elenta", "never closed")]
    public void AMalformedStringIsAnError(string text, string what)
    {
        var d = WithState($"  postgresql: \"{text}\"\n").Compile().Diagnostics.Single("EL9256");
        Assert.Contains(what, d.Message);
        Assert.Contains("Host=db.canon", d.Help);
    }

    [Theory]
    [InlineData("  postgresql: \"Host=a\"\n  postgresqlEnv: ELENTA_STATE\n", "both")]
    [InlineData("  {}\n", "neither")]
    [InlineData("  postgresqlEnv: \"Host=a;Database=b\"\n", "not an environment variable's name")]
    public void TheDatabaseIsGivenExactlyOnce(string state, string what)
    {
        var d = WithState(state).Compile().Diagnostics.Single("EL9257");
        Assert.Contains(what, d.Message);
    }

    [Fact]
    public void QuotedValuesMayHoldSemicolons()
    {
        var pairs = ConnectionStrings.Parse("Host=db; Options='-c search_path=a;b' ;Username=\"x\"", out var problem);
        Assert.Null(problem);
        Assert.Equal(["Host=db", "Options=-c search_path=a;b", "Username=x"], pairs!.Select(p => p.Key + "=" + p.Value));
    }
}
