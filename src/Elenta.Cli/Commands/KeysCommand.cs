using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Elenta.Core.Emit;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;
using Elenta.Deploy;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta keys scan HOST</c>: the host keys a machine presents, against the ones the site trusts,
/// and, once the operator confirms, the key written into the site's private overlay. The only way a
/// key enters the site from the network: nothing else ever trusts on first use.
/// </summary>
internal static class KeysCommand
{
    /// <summary>The key types asked for, the first the one written (the cadaster holds one key per machine).</summary>
    private static readonly string[] Preferred = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

    /// <summary>Where in an overlay scanned keys are written: one file per machine.</summary>
    public const string Folder = "scanned-keys";

    public static Command Create(CliContext context)
    {
        var keys = new Command("keys", "Host keys: what machines present, and the site's trust in them.");
        var host = new Argument<string>("HOST") { Description = "A machine or its canon name: toto, toto.canon (not a BMC's: the controller's key is not the machine's)" };
        var site = CommonOptions.Site();
        var noDns = new Option<bool>("--no-dns") { Description = "Reach the machine at the cadaster's address instead of resolving its canon name through DNS" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Write the key without asking (check its fingerprint first, on the machine's console)" };
        var overlay = new Option<string?>("--overlay") { Description = "The overlay directory the key is written into (default: the first of the site's overlays)", HelpName = "DIR" };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, or json (the keys presented, the one trusted, and what was done)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var scan = new Command("scan",
            $"""
            Run ssh-keyscan against a machine, print the fingerprints of the keys it presents and
            whether they are the key the site trusts (the cadaster's ssh.hostKey, from which the
            build's known_hosts is made), and, once you confirm (y/N, or --yes), write its key into
            the site's private overlay ({Folder}/MACHINE.yaml, ssh.hostKey with !force), so the next
            build's known_hosts, and so every deploy, trusts it. Deploys never trust a key on first use;
            this is the way out when a machine's key is new or was changed on purpose.
            Compare the fingerprint with the machine's own (ssh-keygen -lf
            /etc/ssh/ssh_host_ed25519_key.pub on its console) before you say yes.
            Exits 0 when the key is trusted or written, 1 otherwise.

            Examples:
              elenta keys scan toto
              elenta keys scan toto.canon --no-dns --yes
              elenta keys scan toto --format json
            """);
        scan.Arguments.Add(host);
        foreach (var o in new Option[] { site, noDns, yes, overlay, format })
        {
            scan.Options.Add(o);
        }

        scan.SetAction(parse =>
        {
            var json = parse.GetValue(format) == "json";
            var report = new ScanReport(json ? null : context.Out);
            var code = Scan(context, parse.GetValue(host)!, CommonOptions.SiteOf(parse, site), parse.GetValue(noDns), parse.GetValue(yes), parse.GetValue(overlay), report);
            if (json && report.Target is { } target)
            {
                context.Out.WriteLine(report.Json(target, code));
            }

            return code;
        });
        keys.Subcommands.Add(scan);
        return keys;
    }

    /// <summary>
    /// What a scan found and did: as text, each line as it is found (before any question is asked);
    /// as JSON, one object at the end (<paramref name="text"/> null).
    /// </summary>
    private sealed class ScanReport(TextWriter? text)
    {
        /// <summary>The machine scanned; null until the name was found (then nothing is printed as JSON).</summary>
        public DeployTarget? Target { get; set; }

        public List<(string Type, string Fingerprint, string Verdict)> Presented { get; } = [];

        public (string Type, string Fingerprint, string? DefinedAt)? Trusted { get; set; }

        public string Outcome { get; set; } = "refused";

        public string? Written { get; set; }

        public void Line(string line) => text?.WriteLine(line);

        public string Json(DeployTarget target, int exitCode)
        {
            using var stream = new MemoryStream();
            using (var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("machine", target.Machine);
                json.WriteString("canonName", target.CanonName);
                json.WriteString("address", target.Address);
                json.WriteNumber("port", target.Port);
                json.WriteStartArray("presented");
                foreach (var (type, fingerprint, verdict) in Presented)
                {
                    json.WriteStartObject();
                    json.WriteString("type", type);
                    json.WriteString("fingerprint", fingerprint);
                    json.WriteString("verdict", verdict);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (Trusted is { } t)
                {
                    json.WriteStartObject("trusted");
                    json.WriteString("type", t.Type);
                    json.WriteString("fingerprint", t.Fingerprint);
                    json.WriteString("definedAt", t.DefinedAt);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("trusted");
                }

                json.WriteString("outcome", Outcome);
                json.WriteString("written", Written);
                json.WriteNumber("exitCode", exitCode);
                json.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    private static int Scan(CliContext context, string name, string siteArg, bool noDns, bool yes, string? overlayArg, ScanReport report)
    {
        var siteDir = Path.GetFullPath(context.SiteDirectory(siteArg), context.WorkingDirectory);
        var compilation = context.Compile(siteDir, analyze: false);
        if (compilation.HasErrors || compilation.Resolved is not { } resolved)
        {
            return CommonOptions.ReportBrokenSite(context, compilation);
        }

        // An --overlay that is not one of the site's is refused before the machine is asked anything.
        var overlays = resolved.Site.Settings.Overlays;
        var overlayDirs = overlays.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(siteDir, d)))).ToList();
        var overlayDir = overlayArg is { } o ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(o, context.WorkingDirectory))
            : overlayDirs.Count > 0 ? overlayDirs[0] : null;
        if (overlayDir is not null && !overlayDirs.Contains(overlayDir, StringComparer.Ordinal))
        {
            // A key written where no build reads it would be reported trusted and never be.
            context.Err.WriteLine($"elenta: {overlayDir} is not one of the site's overlays ({(overlays.Count == 0 ? "it has none" : string.Join(", ", overlays))}): no build would read the key there; add it to elenta.yaml's overlays, or leave --overlay out");
            return 1;
        }

        var (targets, problems) = Targets.Select(resolved, new Manifest(resolved.Site.Settings.Name, null, []), new TargetSelection([], name, null), noDns ? null : new SystemResolver());
        foreach (var p in problems)
        {
            context.Err.WriteLine($"elenta: {p.Machine}: {p.Message}");
        }

        if (problems.Count > 0)
        {
            return 1;
        }

        if (targets.Count == 0)
        {
            context.Err.WriteLine($"elenta: '{name}' is not managed by Elenta (driver: none): nothing connects to it, so no key of it is needed");
            return 1;
        }

        var target = targets[0];
        var scanned = KeyScan(target, out var scanError);
        if (scanned.Count == 0)
        {
            context.Err.WriteLine($"elenta: {target.CanonName} ({target.Address}, port {target.Port}) presented no host key: {scanError}");
            return 1;
        }

        var ssh = SshMachines.Of(resolved.Site).FirstOrDefault(m => m.Machine == target.Machine).Ssh;
        var trusted = ssh?.HostKey;
        report.Target = target;
        report.Line($"{target.CanonName} ({target.Address}, port {target.Port}) presents:");
        foreach (var key in scanned)
        {
            var (verdict, word) = key == trusted ? ("the cadaster's key: trusted", "trusted")
                : ssh?.RetiredKeys.Any(r => r.Key == key) == true ? ("a RETIRED key of this machine: refused", "retired")
                : ("not in the cadaster", "unknown");
            report.Presented.Add((Label(key.Type), Fingerprint(key), word));
            report.Line($"  {Label(key.Type),-8} {Fingerprint(key)}  {verdict}");
        }

        var definedAt = ssh?.Node[SiteKeys.HostKey]?.Location;
        report.Trusted = trusted is null ? null : (Label(trusted.Type), Fingerprint(trusted), Where(definedAt, siteDir));
        report.Line(trusted is null
            ? "the cadaster holds no host key for it: every deploy refuses it"
            : $"the cadaster holds {Label(trusted.Type)} {Fingerprint(trusted)} ({Where(definedAt, siteDir)})");

        var chosen = Preferred.Select(t => scanned.FirstOrDefault(k => k.Type == t)).FirstOrDefault(k => k is not null) ?? scanned[0];
        if (chosen == trusted)
        {
            report.Outcome = "trusted";
            report.Line($"{target.Machine}'s key is already trusted: nothing to write");
            return 0;
        }

        if (ssh?.RetiredKeys.Any(r => r.Key == chosen) == true)
        {
            context.Err.WriteLine($"elenta: {target.Machine} presents a key the site retired (ssh.retiredKeys): it is not written; if the machine was restored from an old image, give it a new key (ssh-keygen -A after removing /etc/ssh/ssh_host_*) and scan again");
            return 1;
        }

        if (overlayDir is null || !Directory.Exists(overlayDir))
        {
            context.Err.WriteLine(overlayDir is null
                ? "elenta: the site has no private overlay to write the key into: add one (overlays: [../private] in elenta.yaml, a directory kept out of the public repository), or give --overlay DIR"
                : $"elenta: the overlay {overlayDir} does not exist: create it, or give --overlay DIR");
            return 1;
        }

        var file = Path.Combine(overlayDir, Folder, target.Machine + ".yaml");
        if (!yes)
        {
            context.Err.Write($"Trust {Label(chosen.Type)} {Fingerprint(chosen)} as {target.Machine}'s host key, written to {file}? Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_{KeyFile(chosen.Type)}_key.pub` on the machine's console. [y/N] ");
            context.Err.Flush();
            var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes"))
            {
                report.Outcome = "declined";
                context.Err.WriteLine();
                context.Err.WriteLine($"elenta: not written{(answer is null ? " (no answer: give --yes to write without asking)" : string.Empty)}; deploys keep refusing {target.Machine}");
                return 1;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // Whole or not at all: a file cut short by a full disk would stop every build of the site.
        File.WriteAllText(file + ".elenta-tmp", Yaml(resolved.Site, target.Machine, chosen, target));
        File.Move(file + ".elenta-tmp", file, overwrite: true);
        report.Outcome = "written";
        report.Written = file;
        report.Line($"written: {file}");
        report.Line("the next build's known_hosts trusts it (every plan and deploy builds first)"
            + (definedAt is { } defined && !string.Equals(defined.File.FullPath, file, StringComparison.Ordinal) ? $"; the key it replaces is still at {Where(definedAt, siteDir)}: remove it there, or move it to ssh.retiredKeys to revoke it" : string.Empty));
        return 0;
    }

    /// <summary>ssh-keyscan's answer: each key the machine presents (its own comments and errors in <paramref name="error"/>).</summary>
    private static List<PublicKey> KeyScan(DeployTarget target, out string error)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ssh-keyscan") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-T", "5", "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-t", "ed25519,ecdsa,rsa", target.Address })
        {
            info.ArgumentList.Add(a);
        }

        string output, errors;
        int code;
        try
        {
            using var process = System.Diagnostics.Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            errors = stderr.Result;
            process.WaitForExit();
            code = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = $"ssh-keyscan could not be run ({e.Message}): install OpenSSH's client (apt-get install openssh-client)";
            return [];
        }

        var keys = new List<PublicKey>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (!line.StartsWith('#') && parts.Length == 2 && PublicKey.TryParse(parts[1], out var key, out _) && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        error = errors.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).FirstOrDefault() ?? (code == 0 ? "no answer (is sshd running there, on that port?)" : $"ssh-keyscan exited {code}");
        return keys;
    }

    /// <summary>The overlay file: the machine's ssh.hostKey, forced over whatever the site had, with where it came from.</summary>
    private static string Yaml(Site site, string machine, PublicKey key, DeployTarget target)
    {
        var header = $"# Written by `elenta keys scan {machine}`: the key {target.CanonName} presented at {target.Address} port {target.Port},\n"
            + $"# {Label(key.Type)} {Fingerprint(key)}, trusted by the operator. !force: it wins over a key the site had.\n";
        var entry = $"ssh: {{ hostKey: !force \"{key}\" }}";
        if (site.Cadaster.Hosts[machine] is not null)
        {
            return header + $"cadaster:\n  compute:\n    {machine}:\n      {entry}\n";
        }

        var instance = site.Constellations.SelectMany(c => c.Instances.Select(i => (Constellation: c.Name, Instance: i)))
            .First(x => x.Instance.Name == machine && x.Instance.Kind != InstanceKind.Host);
        var kind = instance.Instance.Kind == InstanceKind.Vm ? "vms" : "containers";
        return header + $"constellations:\n  {instance.Constellation}:\n    machines:\n      {instance.Instance.Host}:\n        {kind}:\n          {machine}: {{ {entry} }}\n";
    }

    /// <summary>OpenSSH's fingerprint: SHA256 of the key's blob, base64 without padding.</summary>
    internal static string Fingerprint(PublicKey key) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(key.Base64))).TrimEnd('=');

    private static string Label(string type) => type switch
    {
        "ssh-ed25519" => "ED25519",
        "ssh-rsa" => "RSA",
        _ when type.StartsWith("ecdsa", StringComparison.Ordinal) => "ECDSA",
        _ => type,
    };

    private static string KeyFile(string type) => Label(type).ToLowerInvariant();

    private static string Where(Core.Text.Location? at, string siteDir) => at is not { } location ? "?"
        : $"{(location.File.FullPath is { } full ? Path.GetRelativePath(siteDir, full) : location.File.Path)}:{location.Start.Line}";
}
