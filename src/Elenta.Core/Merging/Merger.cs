using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;
using Elenta.Core.Text;

namespace Elenta.Core.Merging;

/// <summary>
/// Merges every file of a site into one tree, as NixOS modules merge: mappings merge key by key,
/// lists concatenate in file order, and two different values at one path are an error naming both
/// places, unless one carries a higher priority (<c>!force</c> beats plain beats <c>!default</c>).
/// </summary>
public static class Merger
{
    public static MergedMapping Merge(LoadedSite site, DiagnosticBag diagnostics)
    {
        var roots = new List<Contribution>();
        foreach (var file in site.Files)
        {
            if (file.Root is not null)
            {
                roots.Add(new Contribution(file.Root, null));
            }
        }

        if (roots.Count == 0)
        {
            var empty = new SourceFile(site.RootDirectory, string.Empty);
            var node = new MappingSyntax(new Location(empty, default), Priority.Normal, []);
            return new MergedMapping(null, string.Empty, null, node, null, [], 0);
        }

        var merged = MergeAt(null, string.Empty, roots, diagnostics);
        return merged as MergedMapping ?? throw new InvalidOperationException("site roots are mappings");
    }

    private readonly record struct Contribution(SyntaxNode Node, Location? KeyLocation);

    /// <summary>
    /// A value only one file defines, the common case: what <see cref="MergeAt"/> gives for a single
    /// contribution, without the lists and groups that merging several definitions needs.
    /// </summary>
    private static MergedNode MergeOne(MergedNode? parent, string segment, SyntaxNode node, Location? keyLocation)
    {
        switch (node)
        {
            case MappingSyntax mapping:
            {
                var map = new MergedMapping(parent, segment, keyLocation, node, null, [], mapping.Entries.Count);
                var entries = mapping.Entries;
                for (var i = 0; i < entries.Count; i++) // by index: no enumerator for each of a site's mappings
                {
                    var entry = entries[i];
                    map.Add(entry.Key, MergeOne(map, entry.Key, entry.Value, entry.KeyLocation));
                }

                return map;
            }

            case SequenceSyntax sequence:
            {
                var seq = new MergedSequence(parent, segment, keyLocation, node, null, []);
                var items = sequence.Items;
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    seq.Items.Add(MergeOne(seq, IndexSegment(seq.Items.Count), item, null));
                }

                return seq;
            }

            default:
                return new MergedScalar(parent, segment, keyLocation, (ScalarSyntax)node, null, []);
        }
    }

    private static MergedNode MergeAt(MergedNode? parent, string segment, List<Contribution> contributions, DiagnosticBag diagnostics)
    {
        // A null ("key:" with nothing after it) says nothing when somebody else says something.
        if (contributions.Count > 1 && contributions.Any(c => c.Node is ScalarSyntax { IsNull: true }) && contributions.Any(c => c.Node is not ScalarSyntax { IsNull: true }))
        {
            contributions = contributions.Where(c => c.Node is not ScalarSyntax { IsNull: true }).ToList();
        }

        if (contributions.Count == 1)
        {
            return MergeOne(parent, segment, contributions[0].Node, contributions[0].KeyLocation);
        }

        var best = Priority.Default;
        foreach (var c in contributions)
        {
            if (c.Node.Priority < best)
            {
                best = c.Node.Priority;
            }
        }

        var winners = new List<SyntaxNode>(contributions.Count);
        var losers = new List<SyntaxNode>();
        var kept = new List<Contribution>(contributions.Count);
        foreach (var c in contributions)
        {
            if (c.Node.Priority != best)
            {
                losers.Add(c.Node);
                continue;
            }

            var first = kept.Count > 0 ? kept[0].Node : null;
            if (first is not null && KindOf(first) != KindOf(c.Node))
            {
                diagnostics.Add(Messages.ConflictingKindsError(c.Node.Location, PathOf(parent, segment), c.Node.KindName, first.KindName, first.Location));
                continue;
            }

            kept.Add(c);
            winners.Add(c.Node);
        }

        contributions = kept;
        var keyLocation = contributions[0].KeyLocation;
        switch (winners[0])
        {
            case MappingSyntax:
            {
                var capacity = 0;
                foreach (var w in winners)
                {
                    capacity += ((MappingSyntax)w).Entries.Count;
                }

                var defining = parent is null ? 0 : DefiningIndex(winners);
                var map = new MergedMapping(parent, segment, contributions[defining].KeyLocation, winners[defining], winners, losers, capacity);
                if (winners.Count == 1)
                {
                    // Thousands of hosts or instances are independent subtrees: merged side by side
                    // (diagnostics are sorted at the end), then added in key order.
                    var entries = ((MappingSyntax)winners[0]).Entries;
                    var children = SideBySide.Map(entries.Count, i => MergeOne(map, entries[i].Key, entries[i].Value, entries[i].KeyLocation));
                    for (var i = 0; i < entries.Count; i++)
                    {
                        map.Add(entries[i].Key, children[i]);
                    }

                    return map;
                }

                var groups = new Dictionary<string, List<Contribution>>(capacity, StringComparer.Ordinal);
                var order = new List<string>(capacity);
                foreach (var w in winners)
                {
                    foreach (var entry in ((MappingSyntax)w).Entries)
                    {
                        if (!groups.TryGetValue(entry.Key, out var list))
                        {
                            list = [];
                            groups[entry.Key] = list;
                            order.Add(entry.Key);
                        }

                        list.Add(new Contribution(entry.Value, entry.KeyLocation));
                    }
                }

                var merged = SideBySide.Map(order.Count, i =>
                {
                    var group = groups[order[i]];
                    return group.Count == 1 ? MergeOne(map, order[i], group[0].Node, group[0].KeyLocation) : MergeAt(map, order[i], group, diagnostics);
                });
                for (var i = 0; i < order.Count; i++)
                {
                    map.Add(order[i], merged[i]);
                }

                map.Trim();
                return map;
            }

            case SequenceSyntax:
            {
                var seq = new MergedSequence(parent, segment, keyLocation, winners[0], winners, losers);
                foreach (var w in winners)
                {
                    foreach (var item in ((SequenceSyntax)w).Items)
                    {
                        seq.Items.Add(MergeOne(seq, IndexSegment(seq.Items.Count), item, null));
                    }
                }

                return seq;
            }

            default:
            {
                var first = (ScalarSyntax)winners[0];
                for (var i = 1; i < winners.Count; i++)
                {
                    var other = (ScalarSyntax)winners[i];
                    if (!string.Equals(first.Value, other.Value, StringComparison.Ordinal))
                    {
                        diagnostics.Add(Messages.ConflictingValuesError(other.Location, PathOf(parent, segment), Show(other), Show(first), first.Location));
                    }
                }

                return new MergedScalar(parent, segment, keyLocation, first, winners, losers);
            }
        }
    }

    /// <summary>
    /// Which of several files that write one mapping defines it, for its location: not a file that
    /// only adds a sub-key to it (an overlay's SSH host key for a host or an instance defined
    /// elsewhere). The definition is the one with the most keys; on a tie, the one with more plain
    /// values of its own (<c>role: web</c> rather than <c>ssh: {...}</c>); then the first in file order.
    /// </summary>
    private static int DefiningIndex(List<SyntaxNode> winners)
    {
        var best = 0;
        var bestKeys = -1;
        var bestValues = -1;
        for (var i = 0; i < winners.Count; i++)
        {
            var entries = ((MappingSyntax)winners[i]).Entries;
            var values = 0;
            for (var e = 0; e < entries.Count; e++)
            {
                if (entries[e].Value is ScalarSyntax { IsNull: false })
                {
                    values++;
                }
            }

            if (entries.Count > bestKeys || (entries.Count == bestKeys && values > bestValues))
            {
                (best, bestKeys, bestValues) = (i, entries.Count, values);
            }
        }

        return best;
    }

    private static readonly string[] IndexSegments = [.. Enumerable.Range(0, 32).Select(i => $"[{i}]")];

    /// <summary>"[i]", the segment of a list item; the short lists of a site share the same strings.</summary>
    private static string IndexSegment(int index) => index < IndexSegments.Length ? IndexSegments[index] : $"[{index}]";

    private static int KindOf(SyntaxNode node) => node switch
    {
        MappingSyntax => 0,
        SequenceSyntax => 1,
        _ => 2,
    };

    private static string Show(ScalarSyntax s) => s.IsNull ? "null" : $"'{s.Value}'";

    private static string PathOf(MergedNode? parent, string segment)
    {
        var prefix = parent?.Path ?? string.Empty;
        if (segment.StartsWith('['))
        {
            return prefix + segment;
        }

        return prefix.Length == 0 ? PathSyntax.Quote(segment) : prefix + "." + PathSyntax.Quote(segment);
    }
}
