using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Elenta.Core.Emit;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Drivers;

/// <summary>
/// The <c>files</c> driver: the files the manifest delivers to a machine, and their after-change
/// commands, installed as numbered generations under /var/lib/elenta/generations/N. Staged first;
/// activation installs each file (written beside its target, then renamed over it), removes the
/// files the previous generation had and this one has not, runs the after commands of the files
/// that changed, then switches <c>current</c> (and <c>boot</c> for switch) by renaming a symlink.
/// A failure restores the previous generation's files and leaves <c>current</c> on it.
/// The machine side is one fixed script (files-driver.sh) that reads the site's values as data.
/// </summary>
public sealed class FilesDriver : IDriver, IGuardedDriver, IOneStepDriver
{
    public const string Root = "/var/lib/elenta";

    /// <summary>Exit status of the machine-side script when the lock is held by someone else.</summary>
    private const int Locked = 75;

    private static readonly string Script = ReadScript();

    public string Name => "files";

    private static string ReadScript()
    {
        using var stream = typeof(FilesDriver).Assembly.GetManifestResourceStream("files-driver.sh") ?? throw new InvalidOperationException("files-driver.sh is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string[] Command(string op, params string[] args) => ["sh", "-c", Script, "elenta-files", op, .. args];

    /// <summary>
    /// The generation a machine should run, from a build: the manifest's entries for it (their bytes
    /// from <paramref name="buildDirectory"/>). Null, with the reason, when a value cannot be installed
    /// as it stands (a target that is not absolute, a tab or line break in a value).
    /// </summary>
    public static (DesiredGeneration? Generation, string? Problem) Build(Manifest manifest, string buildDirectory, string machine, DateTimeOffset time)
    {
        var files = new List<GenerationFile>();
        var after = new List<(string Target, string Command)>();
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in manifest.For(machine))
        {
            var d = entry.Delivery!;
            if (!d.Target.StartsWith('/') || new[] { d.Target, d.Owner, d.Group, d.Mode }.Any(HasSeparator))
            {
                return (null, $"{entry.Path}: target '{d.Target}' (owner {d.Owner}:{d.Group}, mode {d.Mode}) cannot be installed: it must be an absolute path, and no value may hold a tab or a line break");
            }

            files.Add(new GenerationFile(d.Target, entry.Sha256, d.Owner, d.Group, d.Mode));
            contents[entry.Sha256] = Path.Combine(buildDirectory, entry.Path);
            foreach (var command in d.After)
            {
                if (command.Contains('\n') || command.Contains('\r'))
                {
                    return (null, $"{entry.Path}: the after command '{command}' holds a line break");
                }

                after.Add((d.Target, command));
            }
        }

        var install = new StringBuilder();
        foreach (var f in files)
        {
            install.Append(f.Sha256).Append('\t').Append(f.Target).Append('\t').Append(f.Owner).Append('\t').Append(f.Group).Append('\t').Append(f.Mode).Append('\n');
        }

        var afterText = new StringBuilder();
        foreach (var (target, command) in after)
        {
            afterText.Append(target).Append('\t').Append(command).Append('\n');
        }

        var installBytes = Encoding.UTF8.GetBytes(install.ToString());
        var afterBytes = Encoding.UTF8.GetBytes(afterText.ToString());
        var contentHash = Convert.ToHexStringLower(SHA256.HashData([.. installBytes, 0, .. afterBytes]));
        var generationJson = JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "elenta-generation",
            version = 1,
            driver = "files",
            machine,
            site = manifest.Site,
            gitRevision = manifest.GitRevision,
            contentHash,
            time = time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            files = files.Select(f => new { target = f.Target, sha256 = f.Sha256, owner = f.Owner, group = f.Group, mode = f.Mode }),
            after = after.Select(a => a.Command).Distinct(StringComparer.Ordinal),
        }, new JsonSerializerOptions { WriteIndented = true });

        // Sized once for what goes in (each entry: its bytes, padded, behind a header and a PAX
        // header of at most a few blocks), and each file streamed in from the build: a deployment
        // builds one such archive per machine, and the garbage collector pays for every large array.
        var sources = contents.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (Name: "files/" + c.Key, Info: new FileInfo(c.Value))).ToList();
        var capacity = generationJson.Length + installBytes.Length + afterBytes.Length + sources.Sum(f => f.Info.Length) + ((sources.Count + 3) * 4L * 512) + 1024;
        using var tar = new MemoryStream((int)Math.Min(capacity, Array.MaxLength));
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Add(string name, Stream data)
            {
                var e = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, ModificationTime = time };
                writer.WriteEntry(e);
            }

            Add("generation.json", new MemoryStream(generationJson));
            Add("install.tsv", new MemoryStream(installBytes));
            Add("after.tsv", new MemoryStream(afterBytes));
            foreach (var (name, info) in sources)
            {
                using var file = info.OpenRead();
                Add(name, file);
            }
        }

        return (new DesiredGeneration(machine, manifest.Site, manifest.GitRevision, contentHash, files, after, tar.ToArray()), null);
    }

    private static bool HasSeparator(string value) => value.Contains('\t') || value.Contains('\n') || value.Contains('\r');

    public MachineState Probe(SshTransport ssh, DeployTarget target)
    {
        var r = ssh.Run(target, Command("probe"), timeout: TimeSpan.FromSeconds(60));
        if (r.HostKeyRefused)
        {
            return MachineState.Unreachable($"host key refused: {target.CanonName} ({target.Address}) did not present the key known_hosts holds for it, or known_hosts holds none (ssh: {FirstLine(r.Error)}); if its key is new or was changed on purpose, `elenta keys scan {target.Machine}` shows the key it presents and, once you confirm, writes it into the site");
        }

        if (r.Code != 0)
        {
            return MachineState.Unreachable(r.ConnectionFailed ? $"unreachable at {target.Address}: {FirstLine(r.Error)}" : $"probe failed ({r.Code}): {FirstLine(r.Error + r.Output)}");
        }

        var parts = r.Output.Split("---\n", 2);
        var fields = parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        int? Number(string key) => fields.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var generations = fields.GetValueOrDefault("generations", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
        RunningGeneration? current = null;
        if (Number("current") is { } n && parts.Length == 2 && parts[1].Trim().Length > 0)
        {
            current = ParseGeneration(n, parts[1]);
        }

        return new MachineState(true, null, current, Number("boot"), generations, fields.GetValueOrDefault("locked"));
    }

    private static RunningGeneration ParseGeneration(int number, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string? S(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("files", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in list.EnumerateArray())
                {
                    files[f.GetProperty("target").GetString()!] = f.GetProperty("sha256").GetString()!;
                }
            }

            return new RunningGeneration(number, S("contentHash"), S("gitRevision"), S("time"), files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new RunningGeneration(number, null, null, null, new Dictionary<string, string>());
        }
    }

    public StepResult Lock(SshTransport ssh, DeployTarget target, string holder)
    {
        var r = ssh.Run(target, Command("lock", holder));
        return r.Code switch
        {
            0 => new StepResult(true, r.Output),
            Locked => LockRefused(target, r),
            _ => new StepResult(false, r.Output, Failure(target, r, "lock")),
        };
    }

    private static StepResult LockRefused(DeployTarget target, RemoteResult r) =>
        new(false, r.Output, $"locked: {target.Machine} is being deployed by {r.Output.Trim().Replace("held by ", string.Empty, StringComparison.Ordinal)}; try again when it is done (the lock is {Root}/lock on the machine)", Refused: true);

    public void Unlock(SshTransport ssh, DeployTarget target, string holder) => ssh.Run(target, Command("unlock", holder));

    public StepResult Copy(SshTransport ssh, DeployTarget target, DesiredGeneration generation)
    {
        var r = ssh.Run(target, Command("stage"), generation.Bundle);
        if (r.Code != 0 || !r.Output.StartsWith("generation ", StringComparison.Ordinal))
        {
            return new StepResult(false, r.Output, Failure(target, r, "stage"));
        }

        return new StepResult(true, r.Output, null, int.Parse(r.Output["generation ".Length..].Trim(), CultureInfo.InvariantCulture));
    }

    public StepResult Install(SshTransport ssh, DeployTarget target, DesiredGeneration generation, ActivationMode mode, int confirmSeconds, string holder, bool release)
    {
        var r = ssh.Run(target, Command("install", holder, mode.ToString().ToLowerInvariant(), confirmSeconds.ToString(CultureInfo.InvariantCulture), release ? "1" : "0"), generation.Bundle);
        if (r.Code == Locked)
        {
            return LockRefused(target, r);
        }

        // Its first line names the generation staged; without it, nothing was.
        var first = r.Output.Split('\n', 2)[0];
        int? number = first.StartsWith("generation ", StringComparison.Ordinal)
            && int.TryParse(first["generation ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (number is null)
        {
            return new StepResult(false, r.Output + r.Error, Failure(target, r, "stage"));
        }

        return Activation(target, r, number.Value);
    }

    public StepResult ConfirmAndRelease(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder) => Confirm(ssh, target, number, timeout, holder, release: true);

    public StepResult Activate(SshTransport ssh, DeployTarget target, int number, ActivationMode mode)
    {
        var r = ssh.Run(target, Command("activate", number.ToString(CultureInfo.InvariantCulture), mode.ToString().ToLowerInvariant()));
        return Activation(target, r, number);
    }

    public StepResult ActivateGuarded(SshTransport ssh, DeployTarget target, int number, ActivationMode mode, int confirmSeconds, string holder)
    {
        var r = ssh.Run(target, Command("activate", number.ToString(CultureInfo.InvariantCulture), mode.ToString().ToLowerInvariant(), confirmSeconds.ToString(CultureInfo.InvariantCulture), holder));
        return Activation(target, r, number);
    }

    public StepResult WasConfirmed(SshTransport ssh, DeployTarget target, int number, string holder)
    {
        var r = ssh.Run(target, Command("confirmed", number.ToString(CultureInfo.InvariantCulture), holder));
        return new StepResult(r.Code == 0, r.Output + r.Error, r.Code == 0 ? null : FirstLine(r.ConnectionFailed ? r.Error : r.Output), number);
    }

    public StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder) => Confirm(ssh, target, number, timeout, holder, release: false);

    /// <summary>The script's confirm of <paramref name="holder"/>'s arming; <paramref name="release"/>: frees that holder's lock too.</summary>
    private static StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder, bool release)
    {
        var r = ssh.RunFresh(target, Command("confirm", number.ToString(CultureInfo.InvariantCulture), holder, release ? "1" : "0"), timeout);
        return r.Code == 0 ? new StepResult(true, r.Output, null, number) : new StepResult(false, r.Output + r.Error, r.ConnectionFailed ? FirstLine(r.Error) : FirstLine(r.Output), number);
    }

    public StepResult Undo(SshTransport ssh, DeployTarget target, int number, MachineState before)
    {
        string Text(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var r = ssh.Run(target, Command("revert", number.ToString(CultureInfo.InvariantCulture), Text(before.Current?.Number), Text(before.Boot)));
        return r.Code == 0 ? new StepResult(true, r.Output, null, before.Current?.Number) : new StepResult(false, r.Output + r.Error, Failure(target, r, $"undoing generation {number}"), number);
    }

    public StepResult Rollback(SshTransport ssh, DeployTarget target, MachineState state, int? to)
    {
        if (state.Current is not { } current)
        {
            return new StepResult(false, string.Empty, $"{target.Machine} runs no generation: nothing to roll back");
        }

        if (state.RollbackGoal(to) is not { } goal)
        {
            var kept = string.Join(", ", state.Generations);
            return new StepResult(false, string.Empty, to is null
                ? $"{target.Machine} holds no generation before {current.Number} (it holds {kept})"
                : $"{target.Machine} holds no generation {to} (it holds {kept})");
        }

        return Activate(ssh, target, goal, ActivationMode.Switch);
    }

    /// <summary>What the script's activation of generation <paramref name="number"/> answered.</summary>
    private static StepResult Activation(DeployTarget target, RemoteResult r, int number) =>
        r.Code == 0 ? new StepResult(true, r.Output, null, number) : new StepResult(false, r.Output + r.Error, Failure(target, r, $"activation of generation {number}"), number);

    private static string Failure(DeployTarget target, RemoteResult r, string what) =>
        r.HostKeyRefused ? $"host key of {target.CanonName} refused"
        : r.ConnectionFailed ? $"{what}: lost the connection to {target.Address}: {FirstLine(r.Error)}"
        : $"{what} failed on {target.Machine} (exit {r.Code}): {LastLines(r.Output + r.Error)}";

    private static string FirstLine(string text) => text.Trim().Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message";

    private static string LastLines(string text) => string.Join("; ", text.Trim().Split('\n').TakeLast(3).Select(l => l.Trim()));
}
