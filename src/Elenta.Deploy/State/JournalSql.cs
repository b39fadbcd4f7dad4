namespace Elenta.Deploy.State;

/// <summary>
/// The journal's one schema and its queries, as both stores run them: only the identity column is
/// said in each one's dialect. Parameters are @name, which SQLite and Npgsql both read.
/// </summary>
internal static class JournalSql
{
    public const string Table = "runs";

    /// <summary>The table and its index; <paramref name="identity"/> is the id column's definition in the store's dialect.</summary>
    public static string Schema(string identity) => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
          id {identity},
          time TEXT NOT NULL,
          command TEXT NOT NULL,
          machine TEXT NOT NULL,
          outcome TEXT NOT NULL,
          generation INTEGER,
          content_hash TEXT,
          revision TEXT,
          seconds DOUBLE PRECISION NOT NULL,
          detail TEXT NOT NULL,
          operator TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS {Table}_machine ON {Table}(machine, id);
        """;

    public const string Insert = $"INSERT INTO {Table} (time, command, machine, outcome, generation, content_hash, revision, seconds, detail, operator) "
        + "VALUES (@time, @command, @machine, @outcome, @generation, @hash, @revision, @seconds, @detail, @operator)";

    private const string Columns = "time, command, machine, outcome, generation, content_hash, revision, seconds, detail, operator";

    public const string Last = $"SELECT {Columns} FROM {Table} ORDER BY id DESC LIMIT @limit";

    public const string LastOf = $"SELECT {Columns} FROM {Table} WHERE machine = @machine ORDER BY id DESC LIMIT @limit";

    /// <summary>Each machine's last @limit lines and its last plan line (window functions: SQLite 3.25 and PostgreSQL alike).</summary>
    public const string Recent = $"SELECT {Columns} FROM (SELECT {Columns}, id, "
        + "ROW_NUMBER() OVER (PARTITION BY machine ORDER BY id DESC) AS recent, "
        + "ROW_NUMBER() OVER (PARTITION BY machine, command ORDER BY id DESC) AS latest "
        + $"FROM {Table}) AS lines WHERE recent <= @limit OR (command = 'plan' AND latest = 1) ORDER BY machine, id";

    /// <summary>Times are kept as text, to the millisecond, in UTC: the same in both stores, and sorted as they read.</summary>
    public const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
}
