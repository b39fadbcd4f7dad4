using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Elenta.Deploy.State;

/// <summary>The embedded journal: SQLite in the site's .elenta/state.db, in WAL mode so readers never wait for a deploy.</summary>
public sealed class SqliteJournal : SqlJournal
{
    private readonly SqliteConnection connection;

    /// <summary>Opens (and, unless <paramref name="readOnly"/>, creates) the journal at <paramref name="path"/>.</summary>
    public SqliteJournal(string path, bool readOnly = false, string? failures = null)
        : base(failures)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (!readOnly)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        }

        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString());
        connection.Open();
        if (!readOnly)
        {
            Execute("PRAGMA journal_mode=WAL;");
            Execute(JournalSql.Schema("INTEGER PRIMARY KEY AUTOINCREMENT"));
        }
    }

    public string Path { get; }

    public static string DefaultPath(string siteDirectory) => System.IO.Path.Combine(siteDirectory, ".elenta", "state.db");

    protected override DbConnection Connection => connection;

    public override string Description => Path;

    protected override bool HasTable() => Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{JournalSql.Table}'") is long n && n > 0;
}
