using System.Data.Common;
using Elenta.Core.Model;

namespace Elenta.Deploy.State;

/// <summary>A journal opened, or why it could not be; both null: a read-only journal that does not exist yet.</summary>
public sealed record JournalOpening(IJournal? Journal, string? Problem);

/// <summary>
/// Which journal a site uses: PostgreSQL when elenta.yaml's <c>state:</c> says so (its connection
/// string, or the environment variable named by <c>postgresqlEnv</c>), else SQLite in the site's
/// .elenta/state.db. One answer for every command (plan, deploy, rollback, history).
/// </summary>
public static class Journals
{
    /// <summary>Where lines a journal could not take are kept (so a deploy never stops for its journal).</summary>
    public static string UnrecordedPath(string siteDirectory) => Path.Combine(siteDirectory, ".elenta", "logs", "journal-unrecorded.tsv");

    /// <param name="readOnly">For history: nothing is created, and a journal that does not exist yet is (null, null).</param>
    /// <param name="environment">Reads an environment variable (tests give their own).</param>
    public static JournalOpening Open(string siteDirectory, StateSettings? state, bool readOnly, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var failures = readOnly ? null : UnrecordedPath(siteDirectory);
        if (state is null)
        {
            var path = SqliteJournal.DefaultPath(siteDirectory);
            if (readOnly && !File.Exists(path))
            {
                return new(null, null);
            }

            return Try(path, () => new SqliteJournal(path, readOnly, failures));
        }

        string connection;
        if (state.PostgreSql is { } given && state.PostgreSqlEnv is null)
        {
            connection = given;
        }
        else if (state.PostgreSqlEnv is { } name && state.PostgreSql is null)
        {
            if (environment(name) is not { Length: > 0 } value)
            {
                return new(null, $"the journal's connection string is taken from the environment variable {name} (state.postgresqlEnv in elenta.yaml), which is not set: export {name}='Host=...;Database=...;Username=...'");
            }

            connection = value;
        }
        else
        {
            return new(null, "elenta.yaml's state section must give exactly one of postgresql and postgresqlEnv (EL9257; `elenta check` says where)");
        }

        return Try("the PostgreSQL journal (state: in elenta.yaml)", () => new PostgresJournal(connection, readOnly, failures));
    }

    private static JournalOpening Try(string what, Func<IJournal> open)
    {
        try
        {
            return new(open(), null);
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return new(null, $"cannot open the journal, {what}: {e.Message}");
        }
    }
}
