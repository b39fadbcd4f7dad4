using System.Globalization;
using System.Text;
using Elenta.Bench.SiteGen;

// elenta-sitegen --hosts N --out DIR [--nix] [--one-file]: writes a synthetic site of N hosts to DIR,
// and with --nix the same merged data as one Nix attribute set to DIR.nix (beside the directory, so
// the site loader, which reads *.nix files, never sees it). --one-file writes every host into one
// cadaster/compute/hosts.yaml and every constellation into one constellations/all.yaml instead of a
// file per 100 (the same merged site, so the same check result and build output).
int hosts = -1;
string? output = null;
var nix = false;
var oneFile = false;
for (var a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--hosts" when a + 1 < args.Length && int.TryParse(args[a + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            hosts = n;
            a++;
            break;
        case "--out" when a + 1 < args.Length:
            output = args[++a];
            break;
        case "--nix":
            nix = true;
            break;
        case "--one-file":
            oneFile = true;
            break;
        default:
            Console.Error.WriteLine($"elenta-sitegen: unexpected argument '{args[a]}'");
            Console.Error.WriteLine("usage: elenta-sitegen --hosts N --out DIR [--nix] [--one-file]");
            return 2;
    }
}

if (hosts < 0 || output is null)
{
    Console.Error.WriteLine("usage: elenta-sitegen --hosts N --out DIR [--nix] [--one-file]");
    return 2;
}

if (hosts > 250 * 20 * 250)
{
    Console.Error.WriteLine("elenta-sitegen: at most 1,250,000 hosts (250 networks of 5,000)");
    return 2;
}

var root = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar);
if (Directory.Exists(root))
{
    if (!File.Exists(Path.Combine(root, "elenta.yaml")) && Directory.EnumerateFileSystemEntries(root).Any())
    {
        Console.Error.WriteLine($"elenta-sitegen: {root} exists and is not a site; not overwriting it");
        return 1;
    }

    Directory.Delete(root, recursive: true);
}

var utf8 = new UTF8Encoding(false);
var merged = new Node();
var shape = new SiteShape(hosts);
foreach (var file in oneFile ? shape.OneFilePerSection() : shape.Files())
{
    var path = Path.Combine(root, file.Path);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, YamlText.Write(file.Data, file.Comment), utf8);
    if (nix)
    {
        merged.MergeFrom(file.Data);
    }
}

if (nix)
{
    using var writer = new StreamWriter(root + ".nix", false, utf8);
    NixText.Write(writer, merged);
}

return 0;
