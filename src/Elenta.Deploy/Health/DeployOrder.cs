using Elenta.Core.Semantics;

namespace Elenta.Deploy.Health;

/// <summary>
/// Runs the machines' work at most <c>parallel</c> at a time, each only once the targeted machines
/// it comes after (its roles' <c>after:</c>, followed through machines not targeted) are done. A
/// machine whose predecessor failed is not started: it is held back, and says by whom (a skipped
/// predecessor holds nothing back).
/// Each machine's work runs on a thread of its own (it mostly waits on ssh).
/// </summary>
public static class DeployOrder
{
    public static IReadOnlyList<MachineOutcome> Run(IReadOnlyList<DeployTarget> targets, int parallel, Func<string, MachineHooks> hooksOf,
        Func<DeployTarget, IReadOnlyList<string>, MachineOutcome> heldBack, Func<DeployTarget, MachineOutcome> work)
    {
        var position = targets.Select((t, i) => (t.Machine, i)).GroupBy(x => x.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var before = targets.Select(t => Predecessors(t.Machine, hooksOf, position)).ToList();
        var results = new MachineOutcome?[targets.Count];
        var started = new bool[targets.Count];
        var gate = new object();

        // The next machine whose predecessors are all done, in the targets' order; -1: none can start now.
        int Next()
        {
            for (var i = 0; i < targets.Count; i++)
            {
                if (!started[i] && before[i].All(p => results[p] is not null))
                {
                    return i;
                }
            }

            // Only a cycle (its rule, EL9253, turned off) leaves machines that wait for each other
            // with nothing running: they start in the targets' order.
            var waiting = Enumerable.Range(0, targets.Count).Where(i => !started[i]).ToList();
            var running = Enumerable.Range(0, targets.Count).Any(i => started[i] && results[i] is null);
            return waiting.Count > 0 && !running ? waiting[0] : -1;
        }

        void Worker()
        {
            while (true)
            {
                int i;
                lock (gate)
                {
                    while ((i = Next()) < 0)
                    {
                        if (started.All(s => s))
                        {
                            return;
                        }

                        Monitor.Wait(gate);
                    }

                    started[i] = true;
                }

                // A predecessor skipped (a driver not implemented yet) is no failure: nothing was changed on it.
                var failed = before[i].Where(p => results[p] is { Ok: false } r && r.Outcome != "skipped").Select(p => targets[p].Machine).ToList();
                var outcome = failed.Count > 0 ? heldBack(targets[i], failed) : work(targets[i]);
                lock (gate)
                {
                    results[i] = outcome;
                    Monitor.PulseAll(gate);
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Clamp(parallel, 1, Math.Max(1, targets.Count))).Select(_ => new Thread(Worker)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return [.. results.Select(r => r!)];
    }

    /// <summary>The positions of the targeted machines <paramref name="machine"/> comes after, directly or through machines not targeted.</summary>
    private static List<int> Predecessors(string machine, Func<string, MachineHooks> hooksOf, Dictionary<string, int> position)
    {
        var found = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { machine };
        var stack = new Stack<string>([machine]);
        while (stack.Count > 0)
        {
            var at = stack.Pop();
            foreach (var edge in hooksOf(at).After)
            {
                if (seen.Add(edge.Before))
                {
                    if (position.TryGetValue(edge.Before, out var p))
                    {
                        found.Add(p);
                    }

                    stack.Push(edge.Before);
                }
            }
        }

        return found;
    }
}
