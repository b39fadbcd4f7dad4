using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Elenta.Core.Emit;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Drivers;

/// <summary>
/// The <c>nixos</c> driver, the steps of nixos-rebuild driven one by one: the machine's system is
/// built here (<c>nix build</c> of a flake's <c>nixosConfigurations.NAME</c>), its closure copied
/// with <c>nix copy --to ssh://</c> over the same strictly trusted ssh options as every other
/// command, made a generation of the system profile (<c>nix-env -p /nix/var/nix/profiles/system
/// --set</c>), and activated by its <c>bin/switch-to-configuration test|switch|boot</c>. The
/// profile's generations are the machine's generations: the profile says what boots,
/// <c>/run/current-system</c> what runs. The machine side is one fixed script (nixos-driver.sh).
/// Activations are guarded as the files driver's are (<see cref="IGuardedDriver"/>): a canary per
/// generation under /var/lib/elenta/canaries, and an undo that puts back the system that ran and
/// the profile generation that booted before.
/// </summary>
public sealed class NixosDriver : IDriver, IGuardedDriver
{
    public const string Profile = "/nix/var/nix/profiles/system";

    /// <summary>The flake input the deployer points at the fresh build (<c>--override-input</c>): a flake that declares it reads the site's views, zones and manifest from it.</summary>
    public const string SiteInput = "elenta-site";

    /// <summary>The file of a system that holds the site revision it was built from (nix/'s <c>elenta.nixosConfigurations</c> writes it).</summary>
    public const string RevisionFile = "elenta-revision";

    /// <summary>What plan lists as the one thing a NixOS machine changes: the system it runs.</summary>
    public const string SystemTarget = "/run/current-system";

    internal static readonly string[] Experimental = ["--extra-experimental-features", "nix-command flakes"];

    /// <summary>The machine-side script (nixos-driver.sh), run as <c>sh -c SCRIPT elenta-nixos OP ARGS...</c>.</summary>
    internal static readonly string Script = ReadScript();

    private readonly FilesDriver files = new();

    public string Name => "nixos";

    /// <summary><c>--build-host</c>: the machine of the site systems are built on (null: here); they are copied from there to their machines.</summary>
    public DeployTarget? BuildHost { get; init; }

    private static string ReadScript()
    {
        using var stream = typeof(NixosDriver).Assembly.GetManifestResourceStream("nixos-driver.sh") ?? throw new InvalidOperationException("nixos-driver.sh is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string[] Command(string op, params string[] args) => ["sh", "-c", Script, "elenta-nixos", op, .. args];

    /// <summary>
    /// The configuration a machine's system is built from: the one its roles name (<c>config.nixos.flake</c>)
    /// when they name exactly one; otherwise (none, or several) <c>.#MACHINE</c>, the machine's own
    /// configuration (nixos-rebuild's default, and what nix/'s <c>elenta.nixosConfigurations</c> makes,
    /// every role's module merged).
    /// </summary>
    public static string ConfigOf(ResolvedSite site, string machine) => ConfigsOf(site)(machine);

    /// <summary>Every machine's configuration (<see cref="ConfigOf"/>), from one pass over the site's instances.</summary>
    public static Func<string, string> ConfigsOf(ResolvedSite site)
    {
        var named = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            if (site.Site.Roles[instance.Role]?.Config.Nixos is MergedMapping m && m["flake"] is MergedScalar { IsNull: false } s)
            {
                (named.TryGetValue(instance.Machine, out var set) ? set : named[instance.Machine] = new HashSet<string>(StringComparer.Ordinal)).Add(s.Text);
            }
        }

        return machine => named.TryGetValue(machine, out var configs) && configs.Count == 1 ? configs.First() : ".#" + machine;
    }

    /// <summary>A flake reference and a configuration name: <c>.#toto</c> is <c>(".", "toto")</c>; null when there is no <c>#</c>.</summary>
    public static (string Flake, string Name)? ParseConfig(string config)
    {
        if (!Core.Analysis.Rules.Nixos.NixosConfigReferenceRule.IsReference(config))
        {
            return null;
        }

        var hash = config.IndexOf('#', StringComparison.Ordinal);
        return (config[..hash], config[(hash + 1)..]);
    }

    /// <summary>The installable of a configuration's system, as nixos-rebuild --flake builds it.</summary>
    public static string Installable(string flake, string name) =>
        $"{flake}#nixosConfigurations.\"{name.Replace("\"", "\\\"", StringComparison.Ordinal)}\".config.system.build.toplevel";

    /// <summary>
    /// Builds the machine's system on this machine (in the site's directory, so that <c>.#x</c> is the
    /// site's flake), with the flake's <see cref="SiteInput"/> pointed at <paramref name="buildDirectory"/>.
    /// The generation's content hash is the system's store path; its revision, the one the system holds.
    /// </summary>
    public static (DesiredGeneration? Generation, string? Problem) Build(Manifest manifest, string siteDirectory, string buildDirectory, DeployTarget target)
    {
        var config = target.NixosConfig ?? ".#" + target.Machine;
        if (ParseConfig(config) is not { } parsed)
        {
            return (null, $"'{config}' is not a flake configuration: write it as FLAKE#NAME ('.#{target.Machine}')");
        }

        var result = Nix.Run(siteDirectory, [.. Experimental, "build", "--no-link", "--json", "--no-write-lock-file",
            "--override-input", SiteInput, "path:" + SiteInputOf(buildDirectory), Installable(parsed.Flake, parsed.Name)]);
        if (result.Code != 0)
        {
            return (null, $"nix build of {config} failed: {Nix.Tail(result.Error)}");
        }

        string? system = null;
        try
        {
            using var doc = JsonDocument.Parse(result.Output);
            system = doc.RootElement[0].GetProperty("outputs").GetProperty("out").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
        }

        if (system is null || !system.StartsWith("/nix/store/", StringComparison.Ordinal))
        {
            return (null, $"nix build of {config} gave no store path: {Nix.Tail(result.Output + result.Error)}");
        }

        return (Generation(manifest, target, system), null);
    }

    /// <summary>
    /// The machine's system, built here (<see cref="Build(Manifest, string, string, DeployTarget)"/>) or, with a
    /// <see cref="BuildHost"/>, there: evaluated here (its derivation only), the derivation's closure
    /// copied there (<c>nix copy --derivation --to ssh://HOST</c>, this transport's options), realised
    /// there (<c>nix-store --realise</c> over ssh). The system's output stays in the build host's store.
    /// </summary>
    public (DesiredGeneration? Generation, string? Problem) Build(SshTransport ssh, Manifest manifest, string siteDirectory, string buildDirectory, DeployTarget target)
    {
        if (together.TryRemove((target.Machine, target.NixosConfig ?? ".#" + target.Machine), out var built))
        {
            return (built, null);
        }

        if (BuildHost is not { } host)
        {
            return Build(manifest, siteDirectory, buildDirectory, target);
        }

        var config = target.NixosConfig ?? ".#" + target.Machine;
        if (ParseConfig(config) is not { } parsed)
        {
            return (null, $"'{config}' is not a flake configuration: write it as FLAKE#NAME ('.#{target.Machine}')");
        }

        var eval = Nix.Run(siteDirectory, [.. Experimental, "eval", "--raw", "--no-write-lock-file",
            "--override-input", SiteInput, "path:" + SiteInputOf(buildDirectory), Installable(parsed.Flake, parsed.Name) + ".drvPath"]);
        var drv = eval.Output.Trim();
        if (eval.Code != 0 || !drv.StartsWith("/nix/store/", StringComparison.Ordinal) || !drv.EndsWith(".drv", StringComparison.Ordinal))
        {
            return (null, $"nix eval of {config} failed: {Nix.Tail(eval.Error + eval.Output)}");
        }

        if (SshOptionsOf(ssh, host) is { Problem: { } spaced })
        {
            return (null, spaced);
        }

        var sent = Nix.Run(null, [.. Experimental, "copy", "--derivation", "--to", $"ssh://{host.User}@{host.Address}", drv],
            new Dictionary<string, string> { ["NIX_SSHOPTS"] = SshOptionsOf(ssh, host).Options! });
        if (sent.Code != 0)
        {
            return (null, $"copying the derivation of {config} to the build host {host.Machine} failed: {Nix.Tail(sent.Error)}");
        }

        var realised = ssh.Run(host, ["nix-store", "--realise", drv], timeout: TimeSpan.FromMinutes(30));
        var system = realised.Output.Trim().Split('\n').LastOrDefault()?.Trim();
        if (realised.Code != 0 || system is null || !system.StartsWith("/nix/store/", StringComparison.Ordinal))
        {
            return (null, $"nix-store --realise of {config} on the build host {host.Machine} failed: {Failure(host, realised, "the build")}");
        }

        var held = ssh.Run(host, ["cat", system + "/" + RevisionFile]);
        var revision = held.Code == 0 ? held.Output.Trim() : manifest.GitRevision;
        return (new DesiredGeneration(target.Machine, manifest.Site, revision is { Length: > 0 } ? revision : null, system,
            [new GenerationFile(SystemTarget, system, "root", "root", "0755")], [], []), null);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Machine, string Config), DesiredGeneration> together = new();

    /// <summary>
    /// Builds the systems of the NixOS machines among <paramref name="targets"/> (two or more of one
    /// flake, built here) in one go, for <see cref="Build(SshTransport, Manifest, string, string, DeployTarget)"/>
    /// to take: ONE evaluation of the flake (<c>nix eval --json FLAKE#nixosConfigurations --apply</c>,
    /// each configuration's derivation and output by name), then ONE <c>nix-store --realise</c> of
    /// every derivation, instead of a <c>nix build</c> (and an evaluation) per machine. When either
    /// fails, the machines are built one by one, as without it, so that each gets its own reason.
    /// </summary>
    /// <returns>The targets, unchanged.</returns>
    public IReadOnlyList<DeployTarget> BuildTogether(Manifest manifest, string siteDirectory, string buildDirectory, IReadOnlyList<DeployTarget> targets)
    {
        if (BuildHost is not null)
        {
            return targets;
        }

        var byFlake = targets.Where(t => t.Driver == Core.Model.DriverKind.Nixos)
            .Select(t => (Target: t, Config: t.NixosConfig ?? ".#" + t.Machine))
            .Select(t => (t.Target, t.Config, Parsed: ParseConfig(t.Config)))
            .Where(t => t.Parsed is not null)
            .GroupBy(t => t.Parsed!.Value.Flake, StringComparer.Ordinal);
        foreach (var flake in byFlake.Where(g => g.Count() > 1))
        {
            var names = flake.Select(t => t.Parsed!.Value.Name).Distinct(StringComparer.Ordinal).ToList();
            static string Quoted(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal) + "\"";
            var apply = "cs: builtins.listToAttrs (map (n: { name = n; value = { drv = cs.${n}.config.system.build.toplevel.drvPath; out = cs.${n}.config.system.build.toplevel.outPath; }; }) [ "
                + string.Join(' ', names.Select(Quoted)) + " ])";
            var eval = Nix.Run(siteDirectory, [.. Experimental, "eval", "--json", "--no-write-lock-file", "--override-input", SiteInput, "path:" + SiteInputOf(buildDirectory),
                flake.Key + "#nixosConfigurations", "--apply", apply]);
            if (eval.Code != 0)
            {
                continue;
            }

            var systems = new Dictionary<string, (string Drv, string Out)>(StringComparer.Ordinal);
            try
            {
                using var doc = JsonDocument.Parse(eval.Output);
                foreach (var name in names)
                {
                    var entry = doc.RootElement.GetProperty(name);
                    systems[name] = (entry.GetProperty("drv").GetString()!, entry.GetProperty("out").GetString()!);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                continue;
            }

            var realised = Nix.Run(null, ["--realise", .. systems.Values.Select(s => s.Drv).Distinct(StringComparer.Ordinal)], program: "nix-store");
            if (realised.Code != 0 || systems.Values.Any(s => !Directory.Exists(s.Out)))
            {
                continue;
            }

            foreach (var (target, config, parsed) in flake)
            {
                together[(target.Machine, config)] = Generation(manifest, target, systems[parsed!.Value.Name].Out);
            }
        }

        return targets;
    }

    private static DesiredGeneration Generation(Manifest manifest, DeployTarget target, string system)
    {
        var revisionFile = Path.Combine(system, RevisionFile);
        var revision = File.Exists(revisionFile) ? File.ReadAllText(revisionFile).Trim() : manifest.GitRevision;
        return new DesiredGeneration(target.Machine, manifest.Site, revision is { Length: > 0 } ? revision : null, system,
            [new GenerationFile(SystemTarget, system, "root", "root", "0755")], [], []);
    }

    /// <summary>Whether <paramref name="knownHosts"/> holds a host key for the machine's canon name (what ssh checks it against, HostKeyAlias).</summary>
    public static bool KnowsHostKey(string knownHosts, DeployTarget machine)
    {
        var info = new ProcessStartInfo("ssh-keygen", ["-F", machine.CanonName, "-f", knownHosts]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 && output.Trim().Length > 0;
    }

    /// <summary>The transport's ssh options for a machine, up to the destination, as NIX_SSHOPTS (which splits on spaces).</summary>
    private static (string? Options, string? Problem) SshOptionsOf(SshTransport ssh, DeployTarget target)
    {
        var options = ssh.Arguments(target).SkipLast(1).ToList();
        return options.FirstOrDefault(o => o.Any(char.IsWhiteSpace)) is { } spaced
            ? (null, $"an ssh option holds a space ({spaced}); NIX_SSHOPTS splits on spaces: use paths without spaces for --known-hosts and --identity")
            : (string.Join(' ', options), null);
    }

    /// <summary>
    /// The transport's options for two machines as one ssh configuration (a Host block each, by
    /// address): <c>nix copy --from ssh://A --to ssh://B</c> has one NIX_SSHOPTS for both, and each
    /// needs its own HostKeyAlias and master connection.
    /// </summary>
    private static string SshConfigOf(SshTransport ssh, params DeployTarget[] machines)
    {
        var config = new System.Text.StringBuilder();
        foreach (var machine in machines)
        {
            var args = ssh.Arguments(machine);
            config.Append("Host ").Append(machine.Address).Append('\n');
            for (var i = 0; i + 1 < args.Count - 1; i += 2)
            {
                var keyword = args[i] switch { "-o" => null, "-p" => "Port", "-l" => "User", "-i" => "IdentityFile", var other => throw new InvalidOperationException($"ssh option {other} has no ssh_config keyword") };
                config.Append("  ").Append(keyword is null ? args[i + 1] : $"{keyword} {args[i + 1]}").Append('\n');
            }
        }

        return config.ToString();
    }

    private static readonly Lock InputGate = new();

    private static readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal);

    /// <summary>
    /// The build as the flake's <see cref="SiteInput"/>: a copy of its files without the output
    /// directory's own bookkeeping (.elenta-index, which holds times, and .elenta-output), beside it
    /// (<c>BUILD.nix-input</c>). Nix's path input is the whole directory, so with those in it every
    /// system reading the input would change at each build; without them it changes with the site
    /// only. Made once per build (by its manifest), whichever machine asks first.
    /// </summary>
    public static string SiteInputOf(string buildDirectory)
    {
        var build = Path.GetFullPath(buildDirectory).TrimEnd('/');
        var manifest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(build, Manifest.Path))));
        var input = build + ".nix-input";
        lock (InputGate)
        {
            if (Inputs.TryGetValue(build, out var made) && made == manifest && Directory.Exists(input))
            {
                return input;
            }

            if (Directory.Exists(input))
            {
                Directory.Delete(input, recursive: true);
            }

            foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(build, file);
                if (relative.Split('/').Any(part => part.StartsWith('.')))
                {
                    continue;
                }

                var target = Path.Combine(input, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Inputs[build] = manifest;
            return input;
        }
    }

    public MachineState Probe(SshTransport ssh, DeployTarget target)
    {
        var r = ssh.Run(target, Command("probe"), timeout: TimeSpan.FromSeconds(60));
        if (r.HostKeyRefused)
        {
            return MachineState.Unreachable($"host key refused: {target.CanonName} ({target.Address}) did not present the key known_hosts holds for it, or known_hosts holds none (ssh: {FirstLine(r.Error)})");
        }

        if (r.Code != 0)
        {
            return MachineState.Unreachable(r.ConnectionFailed ? $"unreachable at {target.Address}: {FirstLine(r.Error)}" : $"probe failed ({r.Code}): {FirstLine(r.Error + r.Output)}");
        }

        string? current = null, revision = null, locked = null;
        int? boot = null;
        var generations = new SortedDictionary<int, string>();
        foreach (var line in r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = line.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (line[..eq], line[(eq + 1)..]) : (line, string.Empty);
            switch (key)
            {
                case "current" when value.Length > 0:
                    current = value;
                    break;
                case "boot" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var b):
                    boot = b;
                    break;
                case "generation" when value.Split(' ', 2) is [var n, var path] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var g):
                    generations[g] = path;
                    break;
                case "revision":
                    revision = value.Length > 0 ? value : null;
                    break;
                case "locked":
                    locked = value;
                    break;
            }
        }

        RunningGeneration? running = null;
        if (current is not null)
        {
            // The newest generation that is the running system; 0 when it is none of the profile's (a system booted from elsewhere).
            var number = generations.Where(g => g.Value == current).Select(g => g.Key).DefaultIfEmpty(0).Max();
            running = new RunningGeneration(number, current, revision, null, new Dictionary<string, string>(StringComparer.Ordinal) { [SystemTarget] = current });
        }

        return new MachineState(true, null, running, boot, [.. generations.Keys], locked);
    }

    /// <summary>One lock per machine, whichever driver deploys it: the files driver's (/var/lib/elenta/lock).</summary>
    public StepResult Lock(SshTransport ssh, DeployTarget target, string holder) => files.Lock(ssh, target, holder);

    public void Unlock(SshTransport ssh, DeployTarget target, string holder) => files.Unlock(ssh, target, holder);

    /// <summary>Copies the system's closure to the machine (nix copy over ssh, the transport's own options) and makes it a generation of the profile, leaving the boot default where it was.</summary>
    public StepResult Copy(SshTransport ssh, DeployTarget target, DesiredGeneration generation)
    {
        var system = generation.ContentHash;
        var (options, problem) = SshOptionsOf(ssh, target);
        if (problem is not null)
        {
            return new StepResult(false, string.Empty, problem);
        }

        // The master connections exist (the probe and the build made them); nix's ssh joins them through ControlPath.
        RemoteResult copy;
        string output;
        if (BuildHost is { } host && host.Machine != target.Machine)
        {
            // From the build host's store to the machine's, streamed through here (not into this store).
            var directory = Directory.CreateTempSubdirectory("elenta-nix-ssh-").FullName;
            try
            {
                var config = Path.Combine(directory, "config");
                File.WriteAllText(config, SshConfigOf(ssh, host, target));
                copy = Nix.Run(null, [.. Experimental, "copy", "--from", $"ssh://{host.User}@{host.Address}", "--to", $"ssh://{target.User}@{target.Address}", system],
                    new Dictionary<string, string> { ["NIX_SSHOPTS"] = "-F " + config });
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }

            output = $"nix copy {system} from the build host {host.Machine} ({host.Address}) to {target.Address}\n{copy.Error.Trim()}\n";
        }
        else
        {
            copy = BuildHost is null
                ? Nix.Run(null, [.. Experimental, "copy", "--to", $"ssh://{target.User}@{target.Address}", system], new Dictionary<string, string> { ["NIX_SSHOPTS"] = options! })
                : new RemoteResult(0, string.Empty, "built on this machine (--build-host): nothing to copy");
            output = $"nix copy {system} to {target.Address}\n{copy.Error.Trim()}\n";
        }

        if (copy.Code != 0)
        {
            var refused = copy.Error.Contains("Host key verification failed", StringComparison.Ordinal) || copy.Error.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal);
            return new StepResult(false, output, refused ? $"host key of {target.CanonName} refused" : $"nix copy to {target.Machine} failed: {Nix.Tail(copy.Error)}");
        }

        var r = ssh.Run(target, Command("set", system));
        output += r.Output;
        // The machine's answer is data: a last line that is not "generation N" is a failure, not an exception.
        var last = r.Output.TrimEnd().Split('\n')[^1];
        if (r.Code != 0 || !last.StartsWith("generation ", StringComparison.Ordinal)
            || !int.TryParse(last.AsSpan("generation ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return new StepResult(false, output + r.Error, Failure(target, r, "nix-env --set of the system profile"));
        }

        return new StepResult(true, output, null, number);
    }

    public StepResult Activate(SshTransport ssh, DeployTarget target, int number, ActivationMode mode)
    {
        var r = ssh.Run(target, Command("activate", number.ToString(CultureInfo.InvariantCulture), mode.ToString().ToLowerInvariant()));
        return r.Code == 0 ? new StepResult(true, r.Output, null, number) : new StepResult(false, r.Output + r.Error, Failure(target, r, $"switch-to-configuration of generation {number}"), number);
    }

    /// <summary>Activates as <see cref="Activate"/>, then arms the machine: unconfirmed after <paramref name="confirmSeconds"/>, it re-activates the system that ran before and sets the profile back to the generation that booted before.</summary>
    public StepResult ActivateGuarded(SshTransport ssh, DeployTarget target, int number, ActivationMode mode, int confirmSeconds, string holder)
    {
        var r = ssh.Run(target, Command("activate", number.ToString(CultureInfo.InvariantCulture), mode.ToString().ToLowerInvariant(), confirmSeconds.ToString(CultureInfo.InvariantCulture), holder));
        return r.Code == 0 ? new StepResult(true, r.Output, null, number) : new StepResult(false, r.Output + r.Error, Failure(target, r, $"switch-to-configuration of generation {number}"), number);
    }

    public StepResult WasConfirmed(SshTransport ssh, DeployTarget target, int number, string holder)
    {
        var r = ssh.Run(target, Command("confirmed", number.ToString(CultureInfo.InvariantCulture), holder));
        return new StepResult(r.Code == 0, r.Output + r.Error, r.Code == 0 ? null : FirstLine(r.ConnectionFailed ? r.Error : r.Output), number);
    }

    public StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder)
    {
        var r = ssh.RunFresh(target, Command("confirm", number.ToString(CultureInfo.InvariantCulture), holder), timeout);
        return r.Code == 0 ? new StepResult(true, r.Output, null, number) : new StepResult(false, r.Output + r.Error, r.ConnectionFailed ? FirstLine(r.Error) : FirstLine(r.Output), number);
    }

    /// <summary>
    /// Undoes generation <paramref name="number"/>: the system that ran before (<paramref name="before"/>'s
    /// running store path, whether or not a generation of the profile) is re-activated by its own
    /// switch-to-configuration, and the profile goes back to the generation that booted before
    /// (<c>switch</c> when that is the same system; else <c>boot</c> of one, <c>test</c> of the other).
    /// When nothing ran before (no /run/current-system: not a booted NixOS), /run/current-system is
    /// removed and the profile points at what it did (nothing, or its generation). The undone
    /// generation stays in the profile, no longer offered (probe and rollback skip it).
    /// </summary>
    public StepResult Undo(SshTransport ssh, DeployTarget target, int number, MachineState before)
    {
        var r = ssh.Run(target, Command("revert", number.ToString(CultureInfo.InvariantCulture), before.Current?.ContentHash ?? string.Empty,
            before.Boot?.ToString(CultureInfo.InvariantCulture) ?? string.Empty));
        return r.Code == 0 ? new StepResult(true, r.Output, null, before.Current?.Number) : new StepResult(false, r.Output + r.Error, Failure(target, r, $"undoing generation {number}"), number);
    }

    /// <summary>The profile generation before the running one (or <paramref name="to"/>), switched to now and at boot.</summary>
    public StepResult Rollback(SshTransport ssh, DeployTarget target, MachineState state, int? to)
    {
        if (state.Current is not { } current)
        {
            return new StepResult(false, string.Empty, $"{target.Machine} runs no system of its profile: nothing to roll back");
        }

        if (state.RollbackGoal(to) is not { } goal)
        {
            var kept = string.Join(", ", state.Generations);
            return new StepResult(false, string.Empty, to is null
                ? $"{target.Machine}'s system profile holds no generation before {current.Number} (it holds {kept})"
                : $"{target.Machine}'s system profile holds no generation {to} (it holds {kept})");
        }

        return Activate(ssh, target, goal, ActivationMode.Switch);
    }

    /// <summary>What plan says of a NixOS machine: the system it runs and the one the site builds, by store path and revision.</summary>
    public static string Describe(PlanEntry entry)
    {
        var desired = entry.Desired is { } d ? $"the site builds {d.ContentHash} (revision {d.GitRevision ?? "unknown"})" : string.Empty;
        return entry.State?.Current is not { } c
            ? $"runs no system of its profile; {desired}"
            : entry.Status == MachineStatus.UpToDate
                ? $"generation {c.Number} runs {c.ContentHash} (revision {c.GitRevision ?? "unknown"}), as the site builds{(entry.State.Boot == c.Number ? string.Empty : $"; boot default is generation {entry.State.Boot?.ToString(CultureInfo.InvariantCulture) ?? "none"}")}"
                : $"generation {c.Number} runs {c.ContentHash} (revision {c.GitRevision ?? "unknown"}); {desired}";
    }

    private static string Failure(DeployTarget target, RemoteResult r, string what) =>
        r.HostKeyRefused ? $"host key of {target.CanonName} refused"
        : r.ConnectionFailed ? $"{what}: lost the connection to {target.Address}: {FirstLine(r.Error)}"
        : $"{what} failed on {target.Machine} (exit {r.Code}): {Nix.Tail(r.Output + r.Error)}";

    private static string FirstLine(string text) => text.Trim().Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message";

    /// <summary>The local nix commands.</summary>
    internal static class Nix
    {
        public static RemoteResult Run(string? directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string program = "nix")
        {
            var info = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory ?? Environment.CurrentDirectory,
            };
            foreach (var a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            {
                info.Environment[k] = v;
            }

            try
            {
                using var p = Process.Start(info)!;
                p.StandardInput.Close();
                var output = p.StandardOutput.ReadToEndAsync();
                var error = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(TimeSpan.FromMinutes(30)))
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit();
                    return new RemoteResult(124, output.Result, error.Result + "\ntimed out after 30 minutes");
                }

                return new RemoteResult(p.ExitCode, output.Result, error.Result);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return new RemoteResult(127, string.Empty, $"nix is not installed on this machine ({e.Message}); the nixos driver builds with it");
            }
        }

        /// <summary>The last lines that say something (nix's own warnings about the lock file left out).</summary>
        public static string Tail(string text) => string.Join("; ", text.Trim().Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("warning: not writing modified lock file", StringComparison.Ordinal) && !l.StartsWith('•') && !l.StartsWith("'path:", StringComparison.Ordinal)).TakeLast(3));
    }
}
