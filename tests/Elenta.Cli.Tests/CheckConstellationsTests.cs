namespace Elenta.Cli.Tests;

/// <summary><c>elenta check --constellations a,b</c>: only those constellations, merged, are analysed.</summary>
public sealed class CheckConstellationsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("elenta-constellations-").FullName;

    public CheckConstellationsTests()
    {
        File.WriteAllText(Path.Combine(dir, "elenta.yaml"), "site: pair\n");
        File.WriteAllText(Path.Combine(dir, "site.yaml"), """
            networks: { lab: { cidr: 10.0.0.0/24 } }
            cadaster:
              compute:
                alpha:
                  hardware: { cpus: 4, memory: 8GiB }
                  canon: { lab: { ip: 10.0.0.2 } }
                  driver: none
            roles:
              app: { resources: { memory: 6GiB }, services: { http: { port: tcp/80 } } }
              other: { services: { http: { port: tcp/80 } } }
            constellations:
              blue: { machines: { alpha: { hostConfig: { b: { role: app } } } } }
              green: { machines: { alpha: { hostConfig: { g: { role: other } } } } }
              grey: { machines: { alpha: { vms: { v: { role: app } } } } }
            """);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(["check", dir, .. args], output, error, dir);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void OneConstellationAloneChecksClean()
    {
        var (code, output, _) = Run("--constellations", "blue");
        Assert.Equal(0, code);
        Assert.DoesNotContain("EL6", output);
    }

    [Fact]
    public void ConstellationsThatCollideOnAPortAreIncompatible()
    {
        var (code, output, _) = Run("--constellations", "blue,green");
        Assert.Equal(1, code);
        Assert.Contains("EL6002", output);
        Assert.DoesNotContain("EL6001", output);
    }

    [Fact]
    public void ConstellationsThatOverAllocateAHostAreIncompatible()
    {
        var (code, output, _) = Run("--constellations", "blue, grey");
        Assert.Equal(1, code);
        Assert.Contains("EL6001", output);
        Assert.DoesNotContain("EL6002", output);
    }

    [Fact]
    public void AnUnknownConstellationIsAnErrorWithASuggestion()
    {
        var (code, output, error) = Run("--constellations", "blue,gren");
        Assert.Equal(1, code);
        Assert.Contains("EL3003", output + error);
        Assert.Contains("did you mean 'green'", output + error);
    }

    [Fact]
    public void AnEmptySelectionIsRejected()
    {
        var (code, _, error) = Run("--constellations", " , ");
        Assert.Equal(1, code);
        Assert.Contains("--constellations", error);
    }
}
