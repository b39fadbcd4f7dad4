using System.Xml;
using Elenta.Cli.Tests.Support;

namespace Elenta.Report.Tests;

/// <summary>
/// <c>elenta graph</c> on emerald-city: each layer's DOT and SVG against golden files in
/// tests/baselines/expected/emerald-city-graph (ELENTA_UPDATE_BASELINES=1 rewrites them; the SVG is
/// Graphviz's own output, so a Graphviz upgrade shows up here first), the SVG read by an XML parser.
/// </summary>
[Collection("pictures")]
public class GraphCommandTests
{
    private static readonly string Expected = Path.Combine(CliRunner.RepoRoot, "tests", "baselines", "expected", "emerald-city-graph");

    [Theory]
    [InlineData("physical", "dot")]
    [InlineData("network", "dot")]
    [InlineData("constellation", "dot")]
    [InlineData("physical", "svg")]
    [InlineData("network", "svg")]
    [InlineData("constellation", "svg")]
    public void MatchesGoldenFileAndIsDeterministic(string layer, string format)
    {
        var first = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", layer, "--format", format);
        Assert.True(first.ExitCode == 0, first.Err);
        var second = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", layer, "--format", format);
        Assert.Equal(first.Out, second.Out);

        var golden = Path.Combine(Expected, $"{layer}.{format}");
        if (Environment.GetEnvironmentVariable("ELENTA_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Expected);
            File.WriteAllText(golden, first.Out);
            return;
        }

        Assert.True(File.Exists(golden), $"no golden file {golden}; run with ELENTA_UPDATE_BASELINES=1 and review it");
        Assert.True(File.ReadAllText(golden) == first.Out, $"{layer}.{format} differs from its golden file (ELENTA_UPDATE_BASELINES=1 rewrites it):\n{first.Out}");
    }

    [Fact]
    public void PhysicalSvgIsXmlWithEveryHostSwitchAndRack()
    {
        var r = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", "physical", "--format", "svg");
        Assert.Equal(0, r.ExitCode);
        var titles = Titles(r.Out);
        foreach (var host in new[] { "toto", "nancy", "ifrit", "btg", "dragon-of-perdition", "archimedes", "randy", "hedges" })
        {
            Assert.Contains("host:" + host, titles);
        }

        Assert.Contains("switch:sw-lab", titles);
        Assert.Contains("pdu:pdu-a", titles);
        Assert.Contains("cluster_rack:rack-a", titles);
        // Each cable ends at its port of the switch record; dop's bond members at ports 5-8.
        Assert.Contains("host:toto->switch:sw-lab:p1", titles);
        Assert.Contains("host:dragon-of-perdition->switch:sw-lab:p5", titles);
        Assert.Contains("eno1 (bond0)", r.Out);
    }

    [Fact]
    public void NetworkSvgDrawsNetworksAsClustersAndTheFirewallsFlows()
    {
        var r = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", "network", "--format", "svg");
        Assert.Equal(0, r.ExitCode);
        var titles = Titles(r.Out);
        Assert.Contains("cluster_net:kansas", titles);
        Assert.Contains("cluster_net:condorcet", titles);
        Assert.Contains("fw:ifrit", titles);
        Assert.Contains("addr:condorcet:toto", titles);
        Assert.Contains("net:kansas->net:condorcet", titles);
        Assert.Contains("home → lab: allow tcp/22 tcp/80 tcp/443 udp/53 tcp/53", r.Out);
    }

    [Fact]
    public void ConstellationLayerLinksRolesInstancesAndMachines()
    {
        var r = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", "constellation", "--format", "dot");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("subgraph \"cluster_c:emerald-city\"", r.Out);
        Assert.Matches("\"instance:emerald-city:[^\"]+\" -> \"host:btg\" \\[label=\"vms\"\\]", r.Out);
        Assert.Contains("\"role:emerald-city:", r.Out);
    }

    [Fact]
    public void OnlyKeepsTheNamedGroupsAndRejectsUnknownOnes()
    {
        var kansas = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", "network", "--format", "dot", "--only", "kansas");
        Assert.Equal(0, kansas.ExitCode);
        Assert.Contains("cluster_net:kansas", kansas.Out);
        Assert.DoesNotContain("cluster_net:condorcet", kansas.Out);

        var typo = CliRunner.InRepo("graph", "examples/emerald-city", "--layer", "network", "--only", "kansass");
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("no network named 'kansass'", typo.Err);
        Assert.Contains("did you mean 'kansas'?", typo.Err);
    }

    [Fact]
    public async Task PngIsWrittenToAFileOrToAnOutputThatIsNoTerminal()
    {
        using var dir = new CliRunner.TempDir();
        var r = CliRunner.Run(dir.Path, "graph", Path.Combine(CliRunner.RepoRoot, "examples/emerald-city"), "--format", "png", "--out", "g/physical.png");
        Assert.True(r.ExitCode == 0, r.Err);
        var bytes = File.ReadAllBytes(Path.Combine(dir.Path, "g/physical.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);

        var intoDirectory = CliRunner.Run(dir.Path, "graph", Path.Combine(CliRunner.RepoRoot, "examples/emerald-city"), "--format", "png", "--out", "g");
        Assert.Equal((1, "elenta: --out 'g' is a directory; give a file name, such as g/physical.png\n"), (intoDirectory.ExitCode, intoDirectory.Err));

        var toTerminal = CliRunner.Run(dir.Path, "graph", Path.Combine(CliRunner.RepoRoot, "examples/emerald-city"), "--format", "png");
        Assert.Equal(1, toTerminal.ExitCode);
        Assert.Contains("--out", toTerminal.Err);

        // Standard output that is not a terminal (a pipe here) gets the same bytes.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(CliRunner.RepoRoot, "src", "Elenta.Cli", "bin", configuration, "net10.0", "elenta.dll"), "graph", Path.Combine(CliRunner.RepoRoot, "examples/emerald-city"), "--format", "png" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var piped = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(piped);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        Assert.Equal(bytes, piped.ToArray());
    }

    [Fact]
    public void BrokenSiteGetsItsDiagnosticsAndNoGraph()
    {
        var r = CliRunner.InRepo("graph", "examples/broken/dangling-reference", "--format", "dot");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(string.Empty, r.Out);
        Assert.Contains("examples/broken/dangling-reference/", r.Err);
        Assert.Contains("error EL", r.Err);
    }

    [Fact]
    public void MissingGraphvizIsOneLineWithTheFix()
    {
        Environment.SetEnvironmentVariable("ELENTA_DOT", "/nonexistent/dot");
        try
        {
            var r = CliRunner.InRepo("graph", "examples/emerald-city", "--format", "svg");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("apt-get install graphviz", r.Err);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ELENTA_DOT", null);
        }
    }

    /// <summary>The &lt;title&gt; of every node, edge and cluster Graphviz wrote, read with an XML parser.</summary>
    private static List<string> Titles(string svg)
    {
        var doc = new XmlDocument { XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        doc.Load(reader);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.Equal("svg", doc.DocumentElement!.LocalName);
        return doc.SelectNodes("//s:g/s:title", ns)!.Cast<XmlNode>().Select(n => n.InnerText).ToList();
    }
}
