using System.Data.Common;
using Npgsql;

namespace Elenta.Deploy.State;

/// <summary>
/// The journal a team shares: a PostgreSQL database (Npgsql), the same table and queries as
/// <see cref="SqliteJournal"/>. The table is created by the first writer, under an advisory lock so
/// that two first writers do not race; a reader never creates it, and reads without waiting on writers.
/// </summary>
public sealed class PostgresJournal : SqlJournal
{
    /// <summary>The advisory lock key under which the table is created ("elenta" in ASCII).</summary>
    private const long SchemaLock = 0x656c656e7461;

    private readonly NpgsqlConnection connection;

    public PostgresJournal(string connectionString, bool readOnly = false, string? failures = null)
        : base(failures)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "elenta" };
        Description = $"PostgreSQL database '{builder.Database ?? builder.Username ?? "(default)"}' on {builder.Host}{(builder.Port != NpgsqlConnection.DefaultPort ? ":" + builder.Port : string.Empty)}";
        connection = new NpgsqlConnection(builder.ToString());
        try
        {
            connection.Open();
            if (readOnly)
            {
                Execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                return;
            }

            if (!HasTable())
            {
                using var transaction = connection.BeginTransaction();
                Execute($"SELECT pg_advisory_xact_lock({SchemaLock})");
                Execute(JournalSql.Schema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"));
                transaction.Commit();
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override DbConnection Connection => connection;

    public override string Description { get; }

    protected override bool HasTable() => Scalar($"SELECT to_regclass('{JournalSql.Table}') IS NOT NULL") is true;
}
