using System.Text.Json.Nodes;
using Elenta.Cli.Tests.Support;

namespace Elenta.Cli.Tests;

/// <summary>
/// Whole-site baselines: each case's `check` output, and for clean sites every machine's resolved
/// view, compared with tests/baselines/expected/CASE/. Run with ELENTA_UPDATE_BASELINES=1 to
/// rewrite them all, then review the diff.
/// </summary>
public class BaselineTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("ELENTA_UPDATE_BASELINES") == "1";

    public static IEnumerable<object[]> Cases()
    {
        var root = CliRunner.RepoRoot;
        yield return ["emerald-city", "examples/emerald-city"];
        foreach (var dir in Directory.GetDirectories(Path.Combine(root, "examples", "broken")).Order(StringComparer.Ordinal))
        {
            yield return ["broken-" + Path.GetFileName(dir), Path.GetRelativePath(root, dir)];
        }

        foreach (var dir in Directory.GetDirectories(Path.Combine(root, "tests", "baselines", "cases")).Order(StringComparer.Ordinal))
        {
            yield return ["case-" + Path.GetFileName(dir), Path.GetRelativePath(root, Path.Combine(dir, "site"))];
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesBaseline(string name, string site)
    {
        var expectedDir = Path.Combine(CliRunner.RepoRoot, "tests", "baselines", "expected", name);
        var check = CliRunner.InRepo("check", site);
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["check.txt"] = $"exit {check.ExitCode}\n{check.Out}",
        };
        if (check.ExitCode == 0)
        {
            var machines = CliRunner.InRepo("show", "host", "--site", site).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var machine in machines)
            {
                actual[$"views/{machine}.json"] = CliRunner.InRepo("show", "host", machine, "--site", site, "--format", "json").Out;
            }

            foreach (var c in CliRunner.InRepo("show", "constellation", "--site", site).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                actual[$"constellations/{c}.yaml"] = CliRunner.InRepo("show", "constellation", c, "--site", site).Out;
            }
        }

        if (Update)
        {
            if (Directory.Exists(expectedDir))
            {
                Directory.Delete(expectedDir, recursive: true);
            }

            foreach (var (file, text) in actual)
            {
                var path = Path.Combine(expectedDir, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            return;
        }

        Assert.True(Directory.Exists(expectedDir), $"no baseline for {name}; run the tests with ELENTA_UPDATE_BASELINES=1 and review the new files");
        var expectedFiles = Directory.GetFiles(expectedDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(expectedDir, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedFiles, actual.Keys.ToList());
        foreach (var (file, text) in actual)
        {
            var expected = File.ReadAllText(Path.Combine(expectedDir, file));
            Assert.True(expected == text, $"{name}/{file} differs from its baseline (ELENTA_UPDATE_BASELINES=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{text}");
        }
    }

    [Fact]
    public void PrioritiesCaseResolvesAsDocumented()
    {
        var view = JsonNode.Parse(CliRunner.InRepo("show", "host", "alpha", "--site", "tests/baselines/cases/priorities/site", "--format", "json").Out)!;
        Assert.Equal(8, view["resources"]!["cpus"]!.GetValue<int>());
        Assert.Equal("16GiB", view["resources"]!["memory"]!.GetValue<string>());
        Assert.Equal(["public", "private"], view["cadaster"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}

/// <summary>
/// The reference site's whole `elenta build` output tree, byte for byte, against
/// tests/baselines/expected/emerald-city/build/. The site is copied outside git first (so the
/// manifest carries no revision) and built with a fixed serial.
/// </summary>
public class BuildBaselineTests
{
    [Fact]
    public void EmeraldCityBuildMatchesBaseline()
    {
        using var dir = new CliRunner.TempDir();
        foreach (var name in new[] { "emerald-city", "narya" })
        {
            CopyTree(Path.Combine(CliRunner.RepoRoot, "examples", name), Path.Combine(dir.Path, name));
        }

        var output = Path.Combine(dir.Path, "out");
        var r = CliRunner.Run(dir.Path, "build", "emerald-city", "--out", "out", "--serial", "2026010100");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);

        var expectedDir = Path.Combine(CliRunner.RepoRoot, "tests", "baselines", "expected", "emerald-city-build");
        if (Environment.GetEnvironmentVariable("ELENTA_UPDATE_BASELINES") == "1")
        {
            if (Directory.Exists(expectedDir))
            {
                Directory.Delete(expectedDir, recursive: true);
            }

            CopyTree(output, expectedDir);
            File.Delete(Path.Combine(expectedDir, Elenta.Output.OutputIndex.FileName));
            File.Delete(Path.Combine(expectedDir, Elenta.Output.BuildInputs.FileName)); // machine-specific caches
            File.Delete(Path.Combine(expectedDir, Elenta.Output.OutputLock.FileName)); // and the builds' lock
            return;
        }

        var actual = Files(output);
        var expected = Files(expectedDir);
        Assert.Equal(expected, actual);
        foreach (var file in actual)
        {
            var a = File.ReadAllBytes(Path.Combine(output, file));
            var e = File.ReadAllBytes(Path.Combine(expectedDir, file));
            Assert.True(a.AsSpan().SequenceEqual(e), $"{file} differs from its baseline (ELENTA_UPDATE_BASELINES=1 rewrites it)");
        }

        // A second build changes nothing.
        var again = CliRunner.Run(dir.Path, "build", "emerald-city", "--out", "out", "--serial", "2026010100");
        Assert.Contains(" 0 written", again.Out);
    }

    // The output index is this machine's cache of file stamps, not output: it is left out, with the trace and the builds' lock.
    private static List<string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f))
                .Where(f => f is not (Elenta.Output.OutputIndex.FileName or Elenta.Output.BuildInputs.FileName or Elenta.Output.OutputLock.FileName)).Order(StringComparer.Ordinal).ToList()
            : [];

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
