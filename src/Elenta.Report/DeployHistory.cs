using Elenta.Core.Model;
using Elenta.Deploy.State;

namespace Elenta.Report;

/// <summary>
/// What the site's deploy journal says per machine, as the report shows it: its last lines (plan,
/// deploy, switch, boot, rollback) and its last plan. Read once, read-only, through the journal the
/// other commands use (<see cref="Journals"/>: SQLite in .elenta/state.db, or <c>state:</c>'s
/// PostgreSQL); a journal that does not exist is not created.
/// </summary>
public sealed class DeployHistory
{
    /// <summary>How many of a machine's last lines its page shows (<c>elenta history MACHINE</c> shows more).</summary>
    public const int PerMachine = 20;

    private readonly IReadOnlyDictionary<string, List<JournalEntry>> byMachine;

    private DeployHistory(string? source, string? problem, IReadOnlyDictionary<string, List<JournalEntry>> byMachine)
    {
        Source = source;
        Problem = problem;
        this.byMachine = byMachine;
    }

    /// <summary>Where the journal is (a file, or PostgreSQL's host and database); null when there is none.</summary>
    public string? Source { get; }

    /// <summary>Why the journal could not be read; null when it was, or when there is none.</summary>
    public string? Problem { get; }

    /// <summary>Whether there is a journal with lines in it.</summary>
    public bool Any => byMachine.Count > 0;

    /// <summary>No journal: nothing was planned or deployed from this site.</summary>
    public static DeployHistory None { get; } = new(null, null, new Dictionary<string, List<JournalEntry>>());

    /// <summary>Lines as a journal returned them (tests, and <see cref="Read"/>).</summary>
    public static DeployHistory Of(string? source, IEnumerable<JournalEntry> entries)
    {
        var byMachine = new Dictionary<string, List<JournalEntry>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!byMachine.TryGetValue(e.Machine, out var list))
            {
                byMachine[e.Machine] = list = [];
            }

            list.Add(e);
        }

        return new DeployHistory(source, null, byMachine);
    }

    /// <summary>Reads the site's journal; never creates one, never takes a lock (a reader of SQLite's WAL or PostgreSQL waits for no writer).</summary>
    public static DeployHistory Read(string siteDirectory, StateSettings? state)
    {
        var (journal, problem) = Journals.Open(siteDirectory, state, readOnly: true);
        if (problem is not null)
        {
            return new DeployHistory(null, problem, new Dictionary<string, List<JournalEntry>>());
        }

        if (journal is null)
        {
            return None;
        }

        using (journal)
        {
            try
            {
                return Of(journal.Description, journal.Recent(PerMachine));
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
            {
                return new DeployHistory(journal.Description, $"cannot read the journal {journal.Description}: {e.Message}", new Dictionary<string, List<JournalEntry>>());
            }
        }
    }

    /// <summary>The machine's last lines, oldest first (at most <see cref="PerMachine"/>).</summary>
    public IReadOnlyList<JournalEntry> Lines(string machine) =>
        byMachine.TryGetValue(machine, out var list) ? (list.Count > PerMachine ? list.GetRange(list.Count - PerMachine, PerMachine) : list) : [];

    /// <summary>The machine's last plan line: where it stood when last asked.</summary>
    public JournalEntry? LastPlan(string machine) =>
        byMachine.TryGetValue(machine, out var list) ? list.LastOrDefault(e => e.Command == "plan") : null;

    /// <summary>The machine's last line of a command that changed it (deploy, switch, boot, rollback...), not a plan.</summary>
    public JournalEntry? LastChange(string machine) =>
        byMachine.TryGetValue(machine, out var list) ? list.LastOrDefault(e => e.Command != "plan") : null;

    public bool Has(string machine) => byMachine.ContainsKey(machine);
}
