namespace Elenta.Core.Emit;

/// <summary>
/// How one output file reaches the site: the machines that receive it, the path it is installed at
/// on each of them, its owner, group and mode there, and the commands to run on a machine after the
/// file changed there (reload a daemon, say). <c>deploy</c> installs exactly this, <c>sim up</c>
/// places exactly this; manifest.json carries it (docs/build.md).
/// </summary>
public sealed class Delivery : IEquatable<Delivery>
{
    public Delivery(IReadOnlyList<string> machines, string target, string mode = "0644", IReadOnlyList<string>? after = null)
    {
        Machines = SortedOnce(machines);
        Target = target;
        Mode = mode;
        After = after ?? [];
    }

    /// <summary>The receiving machines (hosts, VMs, containers), sorted; empty when the site names none (analysis warns).</summary>
    public IReadOnlyList<string> Machines { get; }

    /// <summary>The absolute path of the file on each receiving machine.</summary>
    public string Target { get; }

    public string Owner { get; init; } = "root";

    public string Group { get; init; } = "root";

    /// <summary>The file's permission bits, in octal (0644).</summary>
    public string Mode { get; }

    /// <summary>Shell commands run on a receiving machine after the file changed there, in order.</summary>
    public IReadOnlyList<string> After { get; }

    /// <summary>
    /// The receivers sorted, each once. Most files go to one machine (50,000 of them at 10,000
    /// hosts): they take no set and no sort.
    /// </summary>
    private static string[] SortedOnce(IReadOnlyList<string> machines)
    {
        if (machines.Count < 2)
        {
            return machines.Count == 0 ? [] : machines is string[] one ? one : [machines[0]];
        }

        var sorted = machines.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var kept = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i], sorted[kept - 1], StringComparison.Ordinal))
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept == sorted.Length ? sorted : sorted[..kept];
    }

    /// <summary>For one machine.</summary>
    public static Delivery To(string machine, string target, string mode = "0644", params string[] after) => new([machine], target, mode, after);

    public bool Equals(Delivery? other) =>
        other is not null && Target == other.Target && Mode == other.Mode && Owner == other.Owner && Group == other.Group
        && Machines.SequenceEqual(other.Machines, StringComparer.Ordinal) && After.SequenceEqual(other.After, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Delivery);

    public override int GetHashCode() => HashCode.Combine(Target, Mode, Machines.Count);
}
