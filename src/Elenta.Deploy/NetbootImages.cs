using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elenta.Core.Analysis.Rules.Security;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model;
using Elenta.Deploy.Drivers;

namespace Elenta.Deploy;

/// <summary>A NixOS netboot image built on this machine: its three files (in the Nix store) and an id made from their store paths.</summary>
public sealed record NetbootImage(string Config, string Kernel, string Initrd, string IpxeScript, string? Revision)
{
    public const string KernelName = IpxeScripts.Kernel;
    public const string InitrdName = IpxeScripts.Initrd;
    public const string ScriptName = IpxeScripts.NixosScript;

    /// <summary>16 hex digits of a hash over the three store paths: one id per distinct image.</summary>
    public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Kernel}\n{Initrd}\n{IpxeScript}\n")))[..16];

    /// <summary>What a BIOS netboot must load below the initrd limit: kernel and initrd.</summary>
    public long Bytes => new FileInfo(Kernel).Length + new FileInfo(Initrd).Length;

    public IEnumerable<(string Name, string Source)> Files => [(KernelName, Kernel), (InitrdName, Initrd), (ScriptName, IpxeScript)];
}

/// <summary>What build-image did to the store.</summary>
public sealed record StoreUpdate(string Folder, string ImageDirectory, string? Previous, IReadOnlyList<string> Removed, string BootScript);

/// <summary>
/// Building a machine's netboot image (NixOS's kernel, netboot ramdisk and iPXE script) and putting
/// it into the site's netboot store: each image in <c>MAC/images/ID/</c>, <c>current</c> and
/// <c>previous</c> symlinks switched by rename, <c>bzImage</c>, <c>initrd</c> and <c>netboot.ipxe</c>
/// at the folder's top pointing through <c>current</c>, the folder's <c>boot.ipxe</c> rewritten to
/// the new image's own URL, and the store's <c>index.json</c> updated, each written then renamed.
/// </summary>
public static class NetbootImages
{
    public const string ImagesDirectory = "images";
    public const string Current = "current";
    public const string Previous = "previous";

    /// <summary>Builds the three netboot outputs of a configuration (as the nixos driver builds a system: in the site's directory, with the flake's elenta-site input pointed at the build).</summary>
    public static (NetbootImage? Image, string? Problem) Build(string siteDirectory, string buildDirectory, string config, string? revision)
    {
        if (NixosDriver.ParseConfig(config) is not { } parsed)
        {
            return (null, $"'{config}' is not a flake configuration: write it as FLAKE#NAME ('.#randy')");
        }

        var prefix = NixosDriver.Installable(parsed.Flake, parsed.Name)[..^"toplevel".Length];
        var result = NixosDriver.Nix.Run(siteDirectory, [.. NixosDriver.Experimental, "build", "--no-link", "--json", "--no-write-lock-file",
            "--override-input", NixosDriver.SiteInput, "path:" + NixosDriver.SiteInputOf(buildDirectory), prefix + "kernel", prefix + "netbootRamdisk", prefix + "netbootIpxeScript"]);
        if (result.Code != 0)
        {
            return (null, $"nix build of {config}'s netboot image (system.build.kernel, netbootRamdisk, netbootIpxeScript) failed: {NixosDriver.Nix.Tail(result.Error)}");
        }

        List<string> outputs;
        try
        {
            using var doc = JsonDocument.Parse(result.Output);
            outputs = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("outputs").GetProperty("out").GetString()!).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, $"nix build of {config} said something else than its outputs: {NixosDriver.Nix.Tail(result.Output)}");
        }

        if (outputs.Count != 3)
        {
            return (null, $"nix build of {config} gave {outputs.Count} outputs, not 3");
        }

        // nix build --json lists the outputs in an order of its own: each is found by the file it holds.
        string? Holding(string name) => outputs.FirstOrDefault(o => File.Exists(Path.Combine(o, name))) is { } o ? Path.Combine(o, name) : null;
        var (kernel, initrd, script) = (Holding(NetbootImage.KernelName), Holding(NetbootImage.InitrdName), Holding(NetbootImage.ScriptName));
        if (kernel is null || initrd is null || script is null)
        {
            var missing = new[] { (NetbootImage.KernelName, kernel), (NetbootImage.InitrdName, initrd), (NetbootImage.ScriptName, script) }.Where(f => f.Item2 is null).Select(f => f.Item1);
            return (null, $"{config}'s netboot outputs ({string.Join(", ", outputs)}) hold no {string.Join(", no ", missing)}");
        }

        return (new NetbootImage(config, kernel, initrd, script, revision), null);
    }

    /// <summary>Why the image cannot boot on the host, or null: over BIOS, kernel and initrd must fit under the ramdisk limit (EL8001's).</summary>
    public static string? RefusedFor(NetbootImage image, Host host)
    {
        if (host.Boot.Firmware != Firmware.Bios || image.Bytes < NetbootImageTooLargeRule.BiosRamdiskLimit.Bytes)
        {
            return null;
        }

        return $"the image of {image.Config} is {new Core.Model.Values.ByteSize(image.Bytes)} (kernel and initrd), and {host.Name} netboots over BIOS, which loads less than {NetbootImageTooLargeRule.BiosRamdiskLimit}: iPXE's bzImage loader puts the initrd below the kernel's initrd_addr_max (2 GiB); shrink the image, or give {host.Name} firmware: uefi (elenta check --explain EL8001)";
    }

    /// <summary>The three files into <paramref name="directory"/> (made if missing), each written then renamed.</summary>
    public static void WriteOut(NetbootImage image, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, source) in image.Files)
        {
            CopyAtomically(source, Path.Combine(directory, name));
        }
    }

    /// <summary>
    /// Whether <paramref name="store"/> is the site's netboot store: it holds the index.json that
    /// <c>elenta build</c> makes for the store (and deploy installs there), of this site and this
    /// store path. Null when it is; else why not.
    /// </summary>
    public static string? NotTheSitesStore(string store, string site, NetbootStore declared)
    {
        var index = Path.Combine(store, NetbootLayout.IndexName);
        if (!File.Exists(index))
        {
            return $"{store} is not the site's netboot store: it has no {NetbootLayout.IndexName} (elenta build writes it into netboot/, and deploying to the store's server installs it at {declared.Path}); give --store the directory of the store {declared.Path}, or --out PATH";
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(index))!.AsObject();
            var (theirSite, theirPath) = ((string?)root["site"], (string?)root["path"]);
            return theirSite == site && theirPath == declared.Path
                ? null
                : $"{store} is not the site's netboot store: its {NetbootLayout.IndexName} is of site '{theirSite}', store path '{theirPath}'; site '{site}' keeps its store at {declared.Path}";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return $"{index} cannot be read as the store's index ({e.Message}); run elenta build and install netboot/{NetbootLayout.IndexName} there";
        }
    }

    /// <summary>Puts the image into the store for <paramref name="client"/> (the host's image holder). Checks that every path stays inside the store.</summary>
    public static (StoreUpdate? Update, string? Problem) Install(NetbootImage image, string store, NetbootClient client, string baseUrl, DateTimeOffset time)
    {
        var root = Path.GetFullPath(store).TrimEnd('/');
        var folder = Path.Combine(root, client.ImageFolder);
        if (Outside(root, folder))
        {
            return (null, $"the image folder {folder} resolves outside the store {root} (a symlink?): refused");
        }

        var images = Path.Combine(folder, ImagesDirectory);
        Directory.CreateDirectory(images);
        if (Outside(root, images))
        {
            return (null, $"{images} resolves outside the store {root} (a symlink?): refused");
        }

        var destination = Path.Combine(images, image.Id);
        if (!Directory.Exists(destination))
        {
            var staging = Path.Combine(images, $".new-{image.Id}-{Environment.ProcessId}");
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            WriteOut(image, staging);
            File.WriteAllText(Path.Combine(staging, "image.json"), JsonSerializer.Serialize(new
            {
                id = image.Id,
                config = image.Config,
                revision = image.Revision,
                kernel = image.Kernel,
                initrd = image.Initrd,
                ipxeScript = image.IpxeScript,
                bytes = image.Bytes,
                machine = client.Host.Name,
                mac = client.ImageMac.ToString(),
            }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Directory.Move(staging, destination);
        }

        var currentLink = Path.Combine(folder, Current);
        var before = LinkTarget(currentLink);
        var wanted = $"{ImagesDirectory}/{image.Id}";
        string? previous = null;
        if (before != wanted)
        {
            // Files a person copied in by hand before build-image: kept as the previous image.
            if (before is null && image.Files.Any(f => File.Exists(Path.Combine(folder, f.Name)) && LinkTarget(Path.Combine(folder, f.Name)) is null))
            {
                var manual = Path.Combine(images, "manual");
                Directory.CreateDirectory(manual);
                foreach (var (name, _) in image.Files.Where(f => File.Exists(Path.Combine(folder, f.Name)) && LinkTarget(Path.Combine(folder, f.Name)) is null))
                {
                    File.Move(Path.Combine(folder, name), Path.Combine(manual, name), overwrite: true);
                }

                before = $"{ImagesDirectory}/manual";
            }

            if (before is not null)
            {
                SwitchLink(Path.Combine(folder, Previous), before);
                previous = before;
            }

            SwitchLink(currentLink, wanted);
        }
        else
        {
            previous = LinkTarget(Path.Combine(folder, Previous));
        }

        foreach (var (name, _) in image.Files)
        {
            var top = Path.Combine(folder, name);
            if (LinkTarget(top) != $"{Current}/{name}")
            {
                SwitchLink(top, $"{Current}/{name}");
            }
        }

        // Keep the current image and the previous one (for rollback); older ones go.
        var keep = new[] { wanted, previous }.OfType<string>().Select(p => Path.GetFileName(p)).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(images).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && !keep.Contains(name))
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(name);
            }
        }

        var imageUrl = NetbootLayout.Url(baseUrl, $"{client.ImageFolder}/{ImagesDirectory}/{image.Id}");
        var script = BootScript(client, baseUrl, image, imageUrl);
        WriteAtomically(Path.Combine(folder, NetbootLayout.ScriptName), script);
        UpdateIndex(Path.Combine(root, NetbootLayout.IndexName), client, image, imageUrl, previous is null ? null : Path.GetFileName(previous), time);
        return (new StoreUpdate(folder, destination, previous is null ? null : Path.Combine(folder, previous), removed, Path.Combine(folder, NetbootLayout.ScriptName)), null);
    }

    /// <summary>The folder's boot.ipxe, as elenta build writes it, but booting this image by its own (unchanging) URL.</summary>
    public static string BootScript(NetbootClient client, string baseUrl, NetbootImage image, string imageUrl)
    {
        var generated = IpxeScripts.Boot(client, baseUrl);
        var set = $"set elenta-image {NetbootLayout.Url(baseUrl, client.ImageFolder)}\n";
        var mine = $"# Image {image.Id}: {image.Config}{(image.Revision is null ? string.Empty : $" at revision {image.Revision}")}, written by elenta build-image.\n"
            + $"set elenta-image {imageUrl}\n";
        return generated.Contains(set, StringComparison.Ordinal) ? generated.Replace(set, mine, StringComparison.Ordinal) : generated + mine;
    }

    private static void UpdateIndex(string index, NetbootClient client, NetbootImage image, string imageUrl, string? previous, DateTimeOffset time)
    {
        var root = JsonNode.Parse(File.ReadAllText(index))!.AsObject();
        foreach (var entry in root["macs"]?.AsArray() ?? new JsonArray())
        {
            if (entry is JsonObject mac && (string?)mac["folder"] == client.ImageFolder)
            {
                mac["image"] = new JsonObject
                {
                    ["id"] = image.Id,
                    ["url"] = imageUrl,
                    ["config"] = image.Config,
                    ["revision"] = image.Revision,
                    ["bytes"] = image.Bytes,
                    ["kernel"] = image.Kernel,
                    ["initrd"] = image.Initrd,
                    ["ipxeScript"] = image.IpxeScript,
                    ["previous"] = previous,
                    ["time"] = time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                };
            }
        }

        WriteAtomically(index, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static bool Outside(string root, string path)
    {
        var real = Real(path);
        return real != root && !real.StartsWith(root + "/", StringComparison.Ordinal);
    }

    /// <summary>The path with every symlink of it resolved (as far as it exists).</summary>
    private static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
                return Real(Path.Combine([target, .. parts[(i + 1)..]]));
            }

            current = next;
        }

        return current;
    }

    private static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;

    /// <summary>path -> target, switched by renaming a new symlink over it (readers see the old or the new, never none).</summary>
    private static void SwitchLink(string path, string target)
    {
        var fresh = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.new-{Environment.ProcessId}");
        File.Delete(fresh);
        File.CreateSymbolicLink(fresh, target);
        // rename(2) itself: File.Move follows a symlink to a directory and finds no file there.
        if (rename(fresh, path) != 0)
        {
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            File.Delete(fresh);
            throw new IOException($"could not rename {fresh} to {path} (errno {error})");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int rename(string from, string to);

    private static void WriteAtomically(string path, string text)
    {
        var fresh = path + $".new-{Environment.ProcessId}";
        File.WriteAllText(fresh, text);
        File.Move(fresh, path, overwrite: true);
    }

    private static void CopyAtomically(string source, string path)
    {
        var fresh = path + $".new-{Environment.ProcessId}";
        File.Copy(source, fresh, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fresh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        File.Move(fresh, path, overwrite: true);
    }
}
