using System.Diagnostics;
using System.Text;
using CsCheck;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Loading;
using Xunit.Abstractions;

namespace Elenta.Core.Tests.Fuzzing;

/// <summary>
/// Property-based hostile input (CsCheck): half the sites are made by mutating the text of real
/// ones (the reference site with its overlay, the small test site, every broken example) — lines
/// deleted, duplicated, swapped and re-indented, values swapped for numbers, negative and huge
/// numbers, lists, maps, bad addresses and unicode, keys renamed, unknown keys added, files cut
/// short — and half are written field by field (<see cref="GeneratedSites"/>: valid sites of many
/// shapes, the same with a few values made odd, and sites odd throughout); all are compiled through load, merge, schema, bind, resolve and analysis, and through every emitter when
/// the site has no error. No exception may escape, and every error must be a located diagnostic in
/// a file of the site. A failing case is shrunk by CsCheck and printed as the files it made (cut
/// short when long; the whole of the last one is written to <see cref="FailureFile"/>); a crash
/// found this way is fixed in the code and its input kept under Fuzzing/Regressions.
/// </summary>
public sealed class SiteFuzzTests(ITestOutputHelper output)
{
    /// <summary>Cases per run: 10,000, or ELENTA_FUZZ_CASES for a longer hunt (CsCheck_Seed replays one failure CsCheck printed).</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("ELENTA_FUZZ_CASES"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public void HostileSitesNeverThrowAndEveryErrorIsLocated()
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emitted = 0;
        var clean = 0;
        Gen.OneOf(SiteMutations.Sites, GeneratedSites.Sites).Sample(
            site =>
            {
                var (compiled, built) = RunKeepingFailure(site);
                if (!compiled)
                {
                    return;
                }

                Interlocked.Increment(ref clean);
                if (built)
                {
                    Interlocked.Increment(ref emitted);
                }
            },
            writeLine: output.WriteLine,
            iter: Cases,
            print: site => site.Describe());
        output.WriteLine($"{Cases} sites (mutated or generated) in {clock.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU); {clean} compiled without errors, {emitted} of them through every emitter");
        // The mutations must leave some sites whole enough to reach analysis and the emitters, or those stages go untested.
        Assert.True(emitted > Cases / 50, $"only {emitted} of {Cases} sites reached the emitters");
    }

    /// <summary>Every input that once crashed a stage (or slipped past a check), kept as it was found, compiled and built again.</summary>
    [Theory]
    [MemberData(nameof(Regressions))]
    public void RegressionCasesStayFixed(string name)
    {
        var site = FuzzSite.Parse(File.ReadAllText(Path.Combine(RegressionDirectory, name)));
        Run(site);
    }

    public static IEnumerable<object[]> Regressions() =>
        Directory.GetFiles(RegressionDirectory, "*.site").Select(f => new object[] { Path.GetFileName(f) }).Order(Comparer<object[]>.Create((a, b) => string.CompareOrdinal((string)a[0], (string)b[0])));

    private static string RegressionDirectory => Path.Combine(ExampleSites.RepoRoot, "tests", "Elenta.Core.Tests", "Fuzzing", "Regressions");

    /// <summary>Where the last failing case is written whole: CsCheck cuts the value it prints, and a site runs to kilobytes.</summary>
    public static string FailureFile => Path.Combine(Path.GetTempPath(), "elenta-fuzz-failure.site");

    private static readonly Lock FailureGate = new();

    /// <summary><see cref="Run"/>, and a case that fails written to <see cref="FailureFile"/> (the form Fuzzing/Regressions keeps) before it goes up.</summary>
    private static (bool Clean, bool Built) RunKeepingFailure(FuzzSite site)
    {
        try
        {
            return Run(site);
        }
        catch (Exception e)
        {
            lock (FailureGate)
            {
                File.WriteAllText(FailureFile, site.Describe());
            }

            throw new InvalidOperationException($"{e.Message} (the whole case: {FailureFile})", e);
        }
    }

    /// <summary>Compiles the site and, when it has no error, builds every artifact; returns whether it compiled clean and whether it built.</summary>
    private static (bool Clean, bool Built) Run(FuzzSite site)
    {
        var fs = site.FileSystem();
        var compilation = Compilation.Create(FuzzSite.Root, fs, nix: null);
        SiteInvariants.AssertLocated(compilation);
        if (compilation.HasErrors || compilation.Resolved is null)
        {
            return (false, false);
        }

        var context = EmitContext.ForTests(compilation.Resolved, ExampleSites.Today) with
        {
            ReadSiteFile = relative => site.Read(FuzzSite.Root + "/" + relative),
        };
        var result = BuildPipeline.Build(compilation, _ => context);
        SiteInvariants.AssertLocated(compilation, result.Diagnostics);
        Assert.Equal(result.HasErrors, result.Artifacts.Count == 0);
        return (true, !result.HasErrors);
    }
}

/// <summary>A site in memory: its files by absolute path (the site is /site; an overlay may sit beside it).</summary>
public sealed record FuzzSite(IReadOnlyList<(string Path, string Text)> Files)
{
    public const string Root = "/site";

    private const string Separator = "=== ";

    public InMemoryFileSystem FileSystem()
    {
        var fs = new InMemoryFileSystem();
        foreach (var (path, text) in Files)
        {
            fs.Add(path, text);
        }

        return fs;
    }

    public string? Read(string path)
    {
        var full = new InMemoryFileSystem().GetFullPath(path);
        foreach (var (p, text) in Files)
        {
            if (p == full)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>The files, each after a "=== /path" line: how a failing case is printed and how regression cases are stored.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var (path, text) in Files)
        {
            sb.Append(Separator).Append(path).Append('\n').Append(text);
            if (!text.EndsWith('\n'))
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    public static FuzzSite Parse(string described)
    {
        var files = new List<(string, string)>();
        string? path = null;
        var text = new StringBuilder();
        foreach (var line in described.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith(Separator, StringComparison.Ordinal))
            {
                if (path is not null)
                {
                    files.Add((path, text.ToString()));
                }

                path = line[Separator.Length..].Trim();
                text.Clear();
            }
            else if (path is not null)
            {
                text.Append(line).Append('\n');
            }
        }

        if (path is not null)
        {
            files.Add((path, text.ToString().TrimEnd('\n') + "\n"));
        }

        return new FuzzSite(files);
    }
}

/// <summary>The generator: a real site, then one to five textual mutations of its files.</summary>
public static class SiteMutations
{
    /// <summary>One edit: what kind, in which file and line, and which replacement (indices wrap around).</summary>
    public readonly record struct Mutation(int Kind, int File, int Line, int Pick);

    private const int Kinds = 14;

    private static readonly string[] Values =
    [
        "0", "-3", "-1", "1", "99999999999999999999999", "1e309", "2147483648", "9223372036854775807", "-9223372036854775808", "0.5", "-0",
        "[]", "[a, b]", "{}", "{ x: 1 }", "[[]]", "null", "~", "''", "\"\"",
        "256.1.1.1", "10.0.0", "10.0.0.0/33", "10.0.0.1/24", "0.0.0.0/0", "::1", "fe80::/10", "2001:db8::1", "10.0.0.255", "255.255.255.255",
        "zz:zz:zz:zz:zz:zz", "aa:bb:cc:dd:ee", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01",
        "tcp/0", "udp/70000", "tcp/80-79", "tcp/1-65535", "sctp/5", "0B", "-8GiB", "8XiB", "1.5GiB", "999999PiB", "0GiB",
        "ö", "🦄", "\u202Etxet", "ünïcödé-名前", "a.b.c", "-bad-", "a_b", "x.canon", "..", "*",
        "toto", "alpha", "beta", "lab", "kansas", "condorcet", "web", "database", "emerald-city", "dragon-of-perdition", "sw-core:1", "sw-core:99", "sw-core:", ":1",
        "!force 1", "!default 2", "&a 1", "*a", "!!str 3", "!x y", "'quoted: colon'", "@", "true", "false", "yes",
        "0x5000c500a1b2c3d4", "0xzz", "/dev/sda", "12h", "0s", "-5m", "bios", "uefi", "netboot", "disk", "nixos", "files", "none",
        "ssh-ed25519 AAAA", "ssh-ed25519", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x", "http://", "http://toto.canon:99999/x",
        "{{ x }}", "{% if %}", "%", "\\", "\"unterminated", "'", "#", "- x", ": x",
    ];

    private static readonly string[] Keys =
    [
        "hardware", "cpus", "memory", "disk", "interfaces", "canon", "ip", "network", "mac", "role", "vms", "containers", "hostConfig", "extraOpts",
        "resources", "address", "ssh", "hostKey", "port", "unit", "height", "rack", "power", "watts", "pdu", "cidr", "dhcp", "from", "to", "gateway",
        "dns", "vlan", "vlans", "records", "A", "AAAA", "CNAME", "MX", "NS", "SRV", "TXT", "PTR", "nameservers", "proxy", "services", "requires", "mounts",
        "path", "zzz-unknown", "ünï", "bond", "link", "alias", "parent", "boot", "mode", "firmware", "imageSize", "disks", "pools", "wwn", "host",
        "layout", "switches", "ports", "portMap", "firewalls", "zones", "rules", "allow", "deny", "overlays", "canonDomain", "netbootStore",
        "analysis", "domain", "redirectBareTo", "machines", "options", "type", "values", "default", "maxPerConstellation", "spread", "needs",
        "metrics", "dashboard", "title", "url", "config", "files", "template", "activate", "retiredKeys", "bmc", "primary", "shared", "private",
        "reverseDns", "untrusted", "ttl", "leaseTime", "frontendPort", "websocket", "clients", "datasets", "mountpoint", "export", "dataset",
        "capacityWatts", "racks", "storage", "compute", "cadaster", "networks", "domains", "roles", "constellations", "site", "ignore", "servers",
        "blockOutgoing", "hostmaster", "overcommit", "arch", "kind", "driver", "tags", "user", "@", "*", "a b", "toto", "lab", "EL5008", "EL9999",
    ];

    private static readonly Lazy<IReadOnlyList<FuzzSite>> Bases = new(LoadBases);

    public static IReadOnlyList<FuzzSite> BaseSites => Bases.Value;

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, 63], Gen.Int[0, 4095], Gen.Int[0, 4095], (k, f, l, p) => new Mutation(k, f, l, p));

    /// <summary>
    /// Half the cases mutate the reference site (the richest, and what reaches the emitters); the rest
    /// are spread over the small test site and the broken examples.
    /// </summary>
    public static readonly Gen<FuzzSite> Sites =
        Gen.Select(Gen.Int[0, 1023], OneMutation.Array[1, 5], (b, mutations) => Apply(PickBase(b), mutations));

    private static FuzzSite PickBase(int pick)
    {
        var bases = BaseSites;
        return pick < 512 ? bases[0] : bases[1 + (pick % (bases.Count - 1))];
    }

    public static FuzzSite Apply(FuzzSite site, IEnumerable<Mutation> mutations)
    {
        var files = site.Files.ToList();
        foreach (var m in mutations)
        {
            // Only site data is mutated (templates are read as they are).
            var data = Enumerable.Range(0, files.Count).Where(i => !files[i].Path.EndsWith(".liquid", StringComparison.Ordinal)).ToList();
            var at = data[m.File % data.Count];
            files[at] = (files[at].Path, Mutate(files[at].Text, m));
        }

        return new FuzzSite(files);
    }

    private static string Mutate(string text, Mutation m)
    {
        var lines = text.Split('\n').ToList();
        var i = m.Line % lines.Count;
        var line = lines[i];
        var indent = line.Length - line.TrimStart(' ').Length;
        switch (m.Kind)
        {
            case 0: // delete a line
                lines.RemoveAt(i);
                break;
            case 1: // duplicate a line (a duplicate key, or a list item twice)
                lines.Insert(i, line);
                break;
            case 2: // indent a line further
                lines[i] = new string(' ', 1 + (m.Pick % 4)) + line;
                break;
            case 3: // indent a line less
                lines[i] = line[Math.Min(indent, 1 + (m.Pick % 4))..];
                break;
            case 4: // the value after the line's last ': ' or '- '
            {
                var colon = Math.Max(line.LastIndexOf(": ", StringComparison.Ordinal), line.LastIndexOf("- ", StringComparison.Ordinal));
                var value = Values[m.Pick % Values.Length];
                lines[i] = colon >= 0 ? line[..(colon + 2)] + value : line + ": " + value;
                break;
            }

            case 5: // the line's key
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var key = Keys[m.Pick % Keys.Length];
                lines[i] = colon >= 0 ? new string(' ', indent) + key + line[colon..] : new string(' ', indent) + key + ": " + line.TrimStart();
                break;
            }

            case 6: // a new entry beside this line
                lines.Insert(i, new string(' ', indent) + Keys[m.Pick % Keys.Length] + ": " + Values[(m.Pick / 7) % Values.Length]);
                break;
            case 7: // the file cut short
                return text[..(m.Pick % (text.Length + 1))];
            case 8: // two lines swapped
            {
                var j = m.Pick % lines.Count;
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
            }

            case 9: // one scalar inside a flow mapping or list, such as { cpus: 4, memory: 8GiB }
            {
                var tokens = ScalarTokens(line);
                if (tokens.Count > 0)
                {
                    var (start, length) = tokens[m.Pick % tokens.Count];
                    lines[i] = line[..start] + Values[(m.Pick / 3) % Values.Length] + line[(start + length)..];
                }

                break;
            }

            case 10: // a stray character
            {
                var c = "{}[]:,-#&*!|>'\"%@`\t \u00a0\u200b"[m.Pick % 22];
                var pos = (m.Pick / 22) % (line.Length + 1);
                lines[i] = line[..pos] + c + line[pos..];
                break;
            }

            case 11: // a whole line from elsewhere in the file, here
                lines.Insert(i, lines[m.Pick % lines.Count]);
                break;
            case 12: // a name replaced everywhere in the file (a host, network or role renamed, or not quite)
            {
                var tokens = ScalarTokens(line.TrimEnd(':'));
                if (tokens.Count > 0)
                {
                    var (start, length) = tokens[m.Pick % tokens.Count];
                    var name = line.Substring(start, length);
                    if (name.Length > 1)
                    {
                        return text.Replace(name, Values[(m.Pick / 5) % Values.Length], StringComparison.Ordinal);
                    }
                }

                break;
            }

            default: // an entry and everything under it copied under a new key (a second host, network, instance...)
            {
                var end = i + 1;
                while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].Length - lines[end].TrimStart(' ').Length > indent))
                {
                    end++;
                }

                var block = lines.GetRange(i, end - i);
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > indent)
                {
                    block[0] = line[..colon] + (m.Pick % 3 == 0 ? string.Empty : "x" + (m.Pick % 10)) + line[colon..];
                }

                lines.InsertRange(end, block);
                break;
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>The scalars of one line: runs of characters between YAML's flow punctuation.</summary>
    private static List<(int Start, int Length)> ScalarTokens(string line)
    {
        var tokens = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var boundary = i == line.Length || line[i] is '{' or '}' or '[' or ']' or ',' or ' ' || (line[i] == ':' && (i + 1 == line.Length || line[i + 1] == ' '));
            if (boundary)
            {
                if (start >= 0)
                {
                    tokens.Add((start, i - start));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return tokens;
    }

    private static List<FuzzSite> LoadBases()
    {
        var sites = new List<FuzzSite> { FromDisk(ExampleSites.Directory("emerald-city"), FuzzSite.Root, ExampleSites.Directory("narya"), "/narya") };
        var minimal = TestSite.Minimal(); // it has its own elenta.yaml
        sites.Add(new FuzzSite(minimal.FileSystem.GetFiles("/site").Select(p => (p, Encoding.UTF8.GetString(minimal.FileSystem.ReadAllBytes(p)))).ToList()));
        foreach (var dir in Directory.GetDirectories(Path.Combine(ExampleSites.RepoRoot, "examples", "broken")).Order(StringComparer.Ordinal))
        {
            sites.Add(FromDisk(dir, FuzzSite.Root));
        }

        return sites;
    }

    /// <summary>Every file of a directory tree (an overlay too), at the same relative paths under an in-memory root.</summary>
    private static FuzzSite FromDisk(string directory, string root, string? overlayDirectory = null, string? overlayRoot = null)
    {
        var files = new List<(string, string)>();
        void Add(string dir, string under)
        {
            foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".md", StringComparison.Ordinal))
                {
                    continue;
                }

                files.Add((under + "/" + Path.GetRelativePath(dir, file).Replace('\\', '/'), File.ReadAllText(file)));
            }
        }

        Add(directory, root);
        if (overlayDirectory is not null)
        {
            Add(overlayDirectory, overlayRoot!);
        }

        return new FuzzSite(files);
    }
}
