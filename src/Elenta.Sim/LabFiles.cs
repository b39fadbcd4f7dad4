using System.Globalization;
using Elenta.Core.Emit;

namespace Elenta.Sim;

/// <summary>What <see cref="LabFiles.Place"/> did: files placed, and those whose target the lab has no private layer for.</summary>
public sealed record PlacedFiles(int Placed, IReadOnlyList<string> Skipped);

/// <summary>
/// Puts into each lab machine exactly the files the build's manifest sends it, at their targets,
/// with their modes: a target under /etc or /var goes into the machine's private layer of that
/// directory, one under /srv or /root into its private directory. A target elsewhere (the rest of
/// the file system is the host's, read-only) is not placed, and said so.
/// </summary>
public static class LabFiles
{
    private static readonly (string Prefix, string Layer)[] Layers =
    [
        ("/etc/", "etc.up"),
        ("/var/", "var.up"),
        ("/srv/", "srv"),
        ("/root/", "root"),
    ];

    public static PlacedFiles Place(string buildDirectory, LabPlan plan, Func<string, string> machineDirectory)
    {
        var manifestPath = Path.Combine(buildDirectory, Manifest.Path);
        var manifest = Manifest.Read(File.ReadAllBytes(manifestPath)) ?? throw new LabException($"{manifestPath} is not a manifest this version reads (rebuild with this version)");
        var inLab = plan.Machines.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var placed = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Entries)
        {
            if (entry.Delivery is not { } delivery)
            {
                continue;
            }

            var layer = Layers.FirstOrDefault(l => delivery.Target.StartsWith(l.Prefix, StringComparison.Ordinal));
            foreach (var machine in delivery.Machines.Where(inLab.Contains))
            {
                if (layer.Layer is null || InLayer(Path.Combine(machineDirectory(machine), layer.Layer), delivery.Target[layer.Prefix.Length..]) is not { } destination)
                {
                    skipped.Add($"{machine}:{delivery.Target}");
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(Path.Combine(buildDirectory, entry.Path), destination, overwrite: true);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, (UnixFileMode)Convert.ToInt32(delivery.Mode, 8));
                }
                placed++;
            }
        }

        return new PlacedFiles(placed, skipped.ToList());
    }

    /// <summary>
    /// Where a target's rest (after its layer's prefix) lands in the machine's layer; null when it
    /// would land outside it. Path.Combine takes a rest that starts with '/' (a target /etc//x) as
    /// a path of its own, the host's, and '..' climbs out: files are written as root.
    /// </summary>
    internal static string? InLayer(string layer, string rest)
    {
        var root = Path.GetFullPath(layer);
        var full = Path.GetFullPath(Path.Combine(root, rest.TrimStart('/')));
        return rest.Length > 0 && full.StartsWith(root + "/", StringComparison.Ordinal) ? full : null;
    }

    internal static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
