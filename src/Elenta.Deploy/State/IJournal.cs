namespace Elenta.Deploy.State;

/// <summary>One line of the journal: a command's outcome on one machine.</summary>
public sealed record JournalEntry(DateTimeOffset Time, string Command, string Machine, string Outcome, int? Generation, string? ContentHash, string? Revision, double Seconds, string Detail, string Operator);

/// <summary>
/// The record of every plan, deploy and rollback, per machine: who did what, when, with which outcome.
/// The machines hold the truth about what runs on them; the journal is the history. Two stores, one
/// schema and the same queries (<see cref="JournalSql"/>): SQLite in the site (the default) and a
/// PostgreSQL database a team shares (<c>state:</c> in elenta.yaml).
/// </summary>
public interface IJournal : IDisposable
{
    /// <summary>Where the journal is, for messages (a file, or the database's host and name; never a password).</summary>
    string Description { get; }

    /// <summary>Adds one line; safe from many threads at once. A line the store refuses goes to the site's logs instead (a deploy never stops for its journal).</summary>
    void Record(JournalEntry entry);

    /// <summary>The journal, oldest first; one machine's when <paramref name="machine"/> is given; the last <paramref name="limit"/> lines.</summary>
    IReadOnlyList<JournalEntry> History(string? machine, int limit = 100);

    /// <summary>
    /// Each machine's last <paramref name="perMachine"/> lines, and its last plan line however old,
    /// in one read-only query: ordered by machine, then oldest first (for the report's machine pages).
    /// </summary>
    IReadOnlyList<JournalEntry> Recent(int perMachine);
}
