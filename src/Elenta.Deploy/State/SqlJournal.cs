using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Elenta.Deploy.State;

/// <summary>
/// The journal over one ADO.NET connection: the queries of <see cref="JournalSql"/>, the same for both
/// stores. Each write is one statement (its own short transaction); a reader never waits on a writer
/// (SQLite in WAL mode, PostgreSQL's MVCC), and a read-only journal never creates nor alters anything.
/// </summary>
public abstract class SqlJournal : IJournal
{
    private readonly Lock gate = new();
    private readonly string? failures;

    /// <param name="failures">Where lines the store refuses are written instead (a file in the site's logs); null: nowhere, the error goes up.</param>
    protected SqlJournal(string? failures) => this.failures = failures;

    protected abstract DbConnection Connection { get; }

    public abstract string Description { get; }

    /// <summary>Whether the table exists (a read-only journal on a database nobody wrote to yet has none).</summary>
    protected abstract bool HasTable();

    public void Record(JournalEntry entry)
    {
        lock (gate)
        {
            try
            {
                using var command = Connection.CreateCommand();
                command.CommandText = JournalSql.Insert;
                Add(command, "time", DbType.String, entry.Time.UtcDateTime.ToString(JournalSql.TimeFormat, CultureInfo.InvariantCulture));
                Add(command, "command", DbType.String, entry.Command);
                Add(command, "machine", DbType.String, entry.Machine);
                Add(command, "outcome", DbType.String, entry.Outcome);
                Add(command, "generation", DbType.Int32, entry.Generation);
                Add(command, "hash", DbType.String, entry.ContentHash);
                Add(command, "revision", DbType.String, entry.Revision);
                Add(command, "seconds", DbType.Double, entry.Seconds);
                Add(command, "detail", DbType.String, entry.Detail);
                Add(command, "operator", DbType.String, entry.Operator);
                command.ExecuteNonQuery();
            }
            catch (Exception e) when (failures is not null && e is DbException or InvalidOperationException or IOException)
            {
                // The deploy goes on; what the journal could not take is kept beside the logs.
                Directory.CreateDirectory(Path.GetDirectoryName(failures)!);
                File.AppendAllText(failures, string.Join('\t',
                    entry.Time.UtcDateTime.ToString(JournalSql.TimeFormat, CultureInfo.InvariantCulture), entry.Command, entry.Machine, entry.Outcome,
                    entry.Generation?.ToString(CultureInfo.InvariantCulture) ?? "-", entry.Detail, entry.Operator, $"not recorded in {Description}: {e.Message}") + "\n");
            }
        }
    }

    public IReadOnlyList<JournalEntry> History(string? machine, int limit = 100)
    {
        lock (gate)
        {
            if (!HasTable())
            {
                return [];
            }

            using var command = Connection.CreateCommand();
            command.CommandText = machine is null ? JournalSql.Last : JournalSql.LastOf;
            if (machine is not null)
            {
                Add(command, "machine", DbType.String, machine);
            }

            Add(command, "limit", DbType.Int32, limit);
            var entries = Read(command);
            entries.Reverse();
            return entries;
        }
    }

    public IReadOnlyList<JournalEntry> Recent(int perMachine)
    {
        lock (gate)
        {
            if (!HasTable())
            {
                return [];
            }

            using var command = Connection.CreateCommand();
            command.CommandText = JournalSql.Recent;
            Add(command, "limit", DbType.Int32, perMachine);
            return Read(command);
        }
    }

    private static List<JournalEntry> Read(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            entries.Add(new JournalEntry(
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
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

        return entries;
    }

    protected void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }
}
