using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Elenta.Deploy.State;

/// <summary>One line of the journal: a command's outcome on one machine.</summary>
public sealed record JournalEntry(DateTimeOffset Time, string Command, string Machine, string Outcome, int? Generation, string? ContentHash, string? Revision, double Seconds, string Detail, string Operator);

/// <summary>
/// The local journal of every plan, deploy and rollback, per machine (SQLite, .elenta/state.db in
/// the site). Each write is one short transaction; readers never wait on a deploy (WAL).
/// The machines hold the truth about what runs on them; the journal is the record of who did what.
/// </summary>
public sealed class Journal : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public Journal(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString());
        connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time TEXT NOT NULL,
              command TEXT NOT NULL,
              machine TEXT NOT NULL,
              outcome TEXT NOT NULL,
              generation INTEGER,
              content_hash TEXT,
              revision TEXT,
              seconds REAL NOT NULL,
              detail TEXT NOT NULL,
              operator TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS runs_machine ON runs(machine, id);
            """);
    }

    public static string DefaultPath(string siteDirectory) => Path.Combine(siteDirectory, ".elenta", "state.db");

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Record(JournalEntry entry)
    {
        lock (gate)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO runs (time, command, machine, outcome, generation, content_hash, revision, seconds, detail, operator) VALUES ($time, $command, $machine, $outcome, $generation, $hash, $revision, $seconds, $detail, $operator)";
            command.Parameters.AddWithValue("$time", entry.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$command", entry.Command);
            command.Parameters.AddWithValue("$machine", entry.Machine);
            command.Parameters.AddWithValue("$outcome", entry.Outcome);
            command.Parameters.AddWithValue("$generation", (object?)entry.Generation ?? DBNull.Value);
            command.Parameters.AddWithValue("$hash", (object?)entry.ContentHash ?? DBNull.Value);
            command.Parameters.AddWithValue("$revision", (object?)entry.Revision ?? DBNull.Value);
            command.Parameters.AddWithValue("$seconds", entry.Seconds);
            command.Parameters.AddWithValue("$detail", entry.Detail);
            command.Parameters.AddWithValue("$operator", entry.Operator);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The journal, oldest first; one machine's when <paramref name="machine"/> is given; the last <paramref name="limit"/> lines.</summary>
    public IReadOnlyList<JournalEntry> History(string? machine, int limit = 100)
    {
        lock (gate)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT time, command, machine, outcome, generation, content_hash, revision, seconds, detail, operator FROM runs"
                + (machine is null ? string.Empty : " WHERE machine = $machine") + " ORDER BY id DESC LIMIT $limit";
            if (machine is not null)
            {
                command.Parameters.AddWithValue("$machine", machine);
            }

            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<JournalEntry>();
            while (reader.Read())
            {
                entries.Add(new JournalEntry(
                    DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetDouble(7),
                    reader.GetString(8),
                    reader.GetString(9)));
            }

            entries.Reverse();
            return entries;
        }
    }

    public void Dispose() => connection.Dispose();
}
