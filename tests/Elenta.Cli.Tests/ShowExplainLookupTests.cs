using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

public class ShowExplainLookupTests
{
    private const string Site = "examples/emerald-city";

    [Fact]
    public void ShowHostListsWhatTheMachineReceivesFromTheBuild()
    {
        var toto = JsonNode.Parse(CliRunner.InRepo("show", "host", "toto", "--site", Site, "--format", "json").Out)!["receives"]!.AsArray();
        var targets = toto.Select(f => f!["target"]!.GetValue<string>()).ToList();
        // toto serves the zones (dns.servers) and holds the netboot store (netbootStore.server).
        Assert.Contains("/etc/nsd/elenta/canon.zone", targets);
        Assert.Contains("/etc/nsd/nsd.conf", targets);
        Assert.Contains("/etc/unbound/unbound.conf.d/elenta.conf", targets);
        Assert.Contains("/srv/netboot/index.json", targets);
        Assert.Contains("/etc/elenta/view.json", targets);
        Assert.Equal(["nsd-control reload canon"], toto.Single(f => f!["target"]!.GetValue<string>() == "/etc/nsd/elenta/canon.zone")!["after"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.DoesNotContain("/etc/dnsmasq.d/elenta-kansas.conf", targets);

        // ifrit, the DHCP server, gets the DHCP files; hedges (driver: none) gets nothing.
        var ifrit = JsonNode.Parse(CliRunner.InRepo("show", "host", "ifrit", "--site", Site, "--format", "json").Out)!["receives"]!.AsArray();
        Assert.Contains(ifrit, f => f!["target"]!.GetValue<string>() == "/etc/dnsmasq.d/elenta-kansas.conf");
        Assert.Empty(JsonNode.Parse(CliRunner.InRepo("show", "host", "hedges", "--site", Site, "--format", "json").Out)!["receives"]!.AsArray());
    }

    [Fact]
    public void ShowHostAsJsonHasRolesAndAddresses()
    {
        var r = CliRunner.InRepo("show", "host", "toto.canon", "--site", Site, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var view = JsonNode.Parse(r.Out)!;
        Assert.Equal("toto", view["name"]!.GetValue<string>());
        var roles = view["roles"]!.AsArray().Select(x => x!["role"]!.GetValue<string>()).ToList();
        Assert.Contains("dns-server", roles);
        Assert.Contains(view["addresses"]!.AsArray(), a => a!["fqdn"]!.GetValue<string>() == "dns.toto.canon" && a["ip"]!.GetValue<string>() == "10.255.0.53");
        Assert.Equal("emerald-city", view["constellations"]![0]!.GetValue<string>());
        var directory = JsonNode.Parse(CliRunner.InRepo("show", "constellation", "emerald-city", "--site", Site, "--format", "json").Out)!;
        Assert.NotNull(directory["instances"]!["barge"]);
    }

    [Fact]
    public void ShowVmAsYaml()
    {
        var r = CliRunner.InRepo("show", "host", "db-a", "--site", Site);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("kind: vm", r.Out);
        Assert.Contains("host: btg", r.Out);
        Assert.Contains("mode: primary", r.Out);
    }

    [Fact]
    public void ShowListsAndSuggests()
    {
        var list = CliRunner.InRepo("show", "constellation", "--site", Site);
        Assert.Equal("emerald-city", list.Out.Trim());
        var miss = CliRunner.InRepo("show", "host", "totto", "--site", Site);
        Assert.Equal(1, miss.ExitCode);
        Assert.Contains("did you mean 'toto'?", miss.Err);
        var net = CliRunner.InRepo("show", "network", "kansas", "--site", Site, "--format", "json");
        Assert.Contains(JsonNode.Parse(net.Out)!["addresses"]!.AsArray(), a => a!["fqdn"]!.GetValue<string>() == "kansas.ifrit.canon");
    }

    [Fact]
    public void ShowListsNamesSortedAndAsJson()
    {
        var text = CliRunner.InRepo("show", "host", "--site", Site);
        Assert.Equal(0, text.ExitCode);
        var names = text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("toto", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var json = CliRunner.InRepo("show", "host", "--site", Site, "--format", "json");
        Assert.Equal(names, JsonNode.Parse(json.Out)!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void ShowsHintCarriesTheSite()
    {
        var miss = CliRunner.InRepo("show", "network", "condorset", "--site", Site);
        Assert.Equal(1, miss.ExitCode);
        Assert.Contains("did you mean 'condorcet'?", miss.Err);
        Assert.Contains($"list them with: elenta show network --site {Site}", miss.Err);
        var list = CliRunner.InRepo("show", "network", "--site", Site);
        Assert.Contains("condorcet", list.Out);
    }

    [Fact]
    public void ShowOnABrokenSiteReportsTheErrors()
    {
        var r = CliRunner.InRepo("show", "host", "toto", "--site", "examples/broken/unknown-key");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("EL2001", r.Err);
    }

    [Fact]
    public void ExplainShowsEveryContributionAndTheWinner()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: x\n");
        dir.Write("a.yaml", "cadaster: { compute: { h: { hardware: { memory: !default 8GiB } } } }\n");
        dir.Write("b.yaml", "cadaster: { compute: { h: { hardware: { memory: 16GiB } } } }\n");
        var r = CliRunner.Run(dir.Path, "explain", "cadaster.compute.h.hardware.memory");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n');
        Assert.Equal("cadaster.compute.h.hardware.memory = 16GiB", lines[0]);
        Assert.Contains("b.yaml:1:", lines[1]);
        Assert.Contains("[plain, wins]", lines[1]);
        Assert.Contains("a.yaml:1:", lines[2]);
        Assert.Contains("[!default, overridden]", lines[2]);
    }

    [Fact]
    public void ExplainAsJson()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: x\n");
        dir.Write("a.yaml", "cadaster: { compute: { h: { hardware: { memory: !default 8GiB } } } }\n");
        dir.Write("b.yaml", "cadaster: { compute: { h: { hardware: { memory: 16GiB } } } }\n");
        var r = CliRunner.Run(dir.Path, "explain", "cadaster.compute.h.hardware.memory", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        var json = JsonNode.Parse(r.Out)!;
        Assert.Equal("scalar", json["kind"]!.GetValue<string>());
        Assert.Equal("16GiB", json["value"]!.GetValue<string>());
        var definitions = json["definitions"]!.AsArray();
        Assert.Equal(2, definitions.Count);
        Assert.EndsWith("b.yaml", definitions[0]!["file"]!.GetValue<string>());
        Assert.Equal(1, definitions[0]!["line"]!.GetValue<int>());
        Assert.Equal(["plain", "wins"], [definitions[0]!["priority"]!.GetValue<string>(), definitions[0]!["verdict"]!.GetValue<string>()]);
        Assert.Equal(["!default", "overridden"], [definitions[1]!["priority"]!.GetValue<string>(), definitions[1]!["verdict"]!.GetValue<string>()]);
        var mapping = JsonNode.Parse(CliRunner.Run(dir.Path, "explain", "cadaster.compute.h", "-f", "json").Out)!;
        Assert.Equal("hardware", mapping["keys"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ExplainQuotedKeysListsAndTypos()
    {
        Assert.Contains("a mapping", CliRunner.InRepo("explain", "domains.\"emerald.city\".records", "--site", Site).Out);
        Assert.Contains("= /var/lib/postgresql", CliRunner.InRepo("explain", "roles.database.mounts[0].path", "--site", Site).Out);
        var typo = CliRunner.InRepo("explain", "cadaster.compute.totto", "--site", Site);
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("did you mean 'toto'?", typo.Err);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!force ")]
    public void ExplainNamesNoWinnerAmongConflictingValues(string priority)
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: x\n");
        dir.Write("a.yaml", $"cadaster: {{ compute: {{ h: {{ hardware: {{ memory: {priority}8GiB }} }} }} }}\n");
        dir.Write("b.yaml", $"cadaster: {{ compute: {{ h: {{ hardware: {{ memory: {priority}16GiB }} }} }} }}\n");
        var check = CliRunner.Run(dir.Path, "check", "--format", "json");
        var codes = JsonNode.Parse(check.Out)!["diagnostics"]!.AsArray()
            .Where(d => d!["severity"]!.GetValue<string>() == "error")
            .Select(d => d!["code"]!.GetValue<string>()).Distinct().ToList();
        var code = Assert.Single(codes);

        // The text says no definition wins, and stderr carries the error check gives, with its code.
        var text = CliRunner.Run(dir.Path, "explain", "cadaster.compute.h.hardware.memory");
        Assert.Equal(check.ExitCode, text.ExitCode);
        var definitions = text.Out.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, definitions.Count);
        Assert.All(definitions, l => Assert.EndsWith(", conflicts]", l));
        Assert.DoesNotContain("wins", text.Out);
        Assert.Contains($"error {code}:", text.Err);
        Assert.Contains("b.yaml:1:", text.Err);

        var json = CliRunner.Run(dir.Path, "explain", "cadaster.compute.h.hardware.memory", "--format", "json");
        Assert.Equal(check.ExitCode, json.ExitCode);
        var explained = JsonNode.Parse(json.Out)!;
        Assert.Equal(code, explained["conflict"]!.GetValue<string>());
        Assert.Null(explained["value"]);
        Assert.All(explained["definitions"]!.AsArray(), d => Assert.Equal("conflicts", d!["verdict"]!.GetValue<string>()));
    }

    [Fact]
    public void ExplainSaysEqualValuesAgree()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: x\n");
        dir.Write("a.yaml", "cadaster: { compute: { h: { hardware: { memory: 8GiB } } } }\n");
        dir.Write("b.yaml", "cadaster: { compute: { h: { hardware: { memory: 8GiB } } } }\n");
        var r = CliRunner.Run(dir.Path, "explain", "cadaster.compute.h.hardware.memory");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("[plain, wins]", r.Out);
        Assert.Contains("[plain, agrees]", r.Out);
        Assert.Empty(r.Err);
    }

    [Theory]
    [InlineData("roles.web.mounts[2]", "'roles.web.mounts' has only 2 items")]
    [InlineData("roles.web.mounts[-1]", "'roles.web.mounts' has no item [-1]")]
    [InlineData("roles.web.mounts[x]", "'roles.web.mounts' has no item [x]")]
    [InlineData("roles.web.mounts.path", "did you mean 'roles.web.mounts[0].path'?")]
    [InlineData("roles.web.packages[0]", "'roles.web.packages' is an empty list")]
    [InlineData("cadaster.compute.h.kind.x", "'cadaster.compute.h.kind' is a value (server), it has no keys")]
    [InlineData("cadaster.compute.h.kind[0]", "'cadaster.compute.h.kind' is a value (server), it has no items")]
    [InlineData("roles.web.mounts.\"[\"", "'roles.web.mounts' is a list, not a mapping")] // a quoted key "[" is no index
    [InlineData("cadaster.compute.h.kind.\"[\"", "'cadaster.compute.h.kind' is a value (server), it has no keys")]
    public void ExplainSaysWhyAPathStopsAtAListOrAValue(string path, string expected)
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("elenta.yaml", "site: x\n");
        dir.Write("a.yaml", "cadaster: { compute: { h: { kind: server } } }\nroles: { web: { mounts: [ { path: /srv }, { path: /var } ], packages: [] } }\n");
        var r = CliRunner.Run(dir.Path, "explain", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.StartsWith("elenta: ", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void LookupFromTheCadaster()
    {
        var r = CliRunner.InRepo("lookup", "ifrit.canon", "--no-dns", "--site", Site);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("kansas.ifrit.canon", r.Out);
        Assert.Contains("192.168.1.1", r.Out);
        Assert.Contains("02:e1:00:00:00:42", r.Out);
        Assert.Contains("not asked", r.Out);
        var label = CliRunner.InRepo("lookup", "drac.btg.canon", "--no-dns", "--site", Site, "--format", "json");
        Assert.Equal("10.255.0.61", JsonNode.Parse(label.Out)!["cadaster"]![0]!["ip"]!.GetValue<string>());
        Assert.Equal("bmc", JsonNode.Parse(label.Out)!["cadaster"]![0]!["source"]!.GetValue<string>());
        var unknown = CliRunner.InRepo("lookup", "tot", "--no-dns", "--site", Site);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("did you mean 'toto'?", unknown.Err);

        // A switch, by the name the canon zone gives its management address.
        var sw = CliRunner.InRepo("lookup", "sw-lab.canon", "--no-dns", "--site", Site, "--format", "json");
        Assert.True(sw.ExitCode == 0, sw.Err);
        Assert.Equal(("sw-lab", "switch", "10.255.0.2"), (JsonNode.Parse(sw.Out)!["machine"]!.GetValue<string>(), JsonNode.Parse(sw.Out)!["kind"]!.GetValue<string>(), JsonNode.Parse(sw.Out)!["cadaster"]![0]!["ip"]!.GetValue<string>()));
        Assert.Contains("did you mean 'sw-lab'?", CliRunner.InRepo("lookup", "sw-lb", "--no-dns", "--site", Site).Err);
        var net = CliRunner.InRepo("show", "network", "condorcet", "--site", Site, "--format", "json");
        Assert.Contains(JsonNode.Parse(net.Out)!["addresses"]!.AsArray(), a => a!["machine"]!.GetValue<string>() == "sw-lab" && a["source"]!.GetValue<string>() == "switch");
    }

    [Fact]
    public void LookupNamesEveryColumn()
    {
        var r = CliRunner.InRepo("lookup", "toto", "--no-dns", "--site", Site);
        var header = r.Out.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "NETWORK", "ADDRESS", "INTERFACE", "MAC", "SOURCE"], header);
        Assert.Matches(@"condorcet\.toto\.canon .* canon, primary", r.Out);
    }

    [Fact]
    public void SchemaIsJsonSchema()
    {
        var r = CliRunner.InRepo("schema");
        var schema = JsonNode.Parse(r.Out)!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        Assert.NotNull(schema["properties"]!["cadaster"]);
        Assert.NotNull(schema["$defs"]!["host"]!["properties"]!["canon"]);
        Assert.False(schema["$defs"]!["host"]!["additionalProperties"]!.GetValue<bool>());
    }
}
