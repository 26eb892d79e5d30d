using System.CommandLine;
using System.Text.Json;
using Loop.Engine.Journal;
using Loop.Engine.Persistence;
using Loop.Engine.Spec;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop journal info</c> (events, snapshots, size, last sequence) and <c>loop journal export --out
/// FILE.jsonl</c> (the audit trail: every command the bus journaled, every R-Axis change, every start
/// and clean stop). Both read the journal the spec (or <c>--data</c>) names, also while the engine runs.
/// </summary>
internal static class JournalCommand
{
    private static readonly Option<FileInfo?> SpecFile = new("--spec") { Description = $"The spec whose storage to read (default {SpecLoader.DefaultPath}, or the copy built into loop)." };

    private static readonly Option<DirectoryInfo?> Data = new("--data") { Description = "The folder of the SQLite journal (as given to loop run --data)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print info as one JSON object." };

    private static readonly Option<FileInfo> Out = new("--out") { Description = "The JSONL file to write the audit trail to.", Required = true };

    public static Command Create()
    {
        var info = new Command("info", "Show the journal: provider, where, schema, events, snapshots, last sequence, size.");
        info.Options.Add(SpecFile);
        info.Options.Add(Data);
        info.Options.Add(Json);
        info.SetAction(async (parse, token) =>
        {
            var database = JournalDatabase.For(Storage(parse));
            await using var reader = await OpenExistingAsync(database, token).ConfigureAwait(false);
            var i = await InfoAsync(reader.System, database, token).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["provider"] = database.Storage.Provider, ["where"] = database.Where, ["schema"] = i.SchemaVersion, ["events"] = i.Events,
                    ["snapshots"] = i.Snapshots, ["last_sequence"] = i.LastSequence, ["size_bytes"] = i.SizeBytes,
                    ["streams"] = i.Streams.ToDictionary(static s => s.PersistenceId, static s => new Dictionary<string, long> { ["events"] = s.Events, ["last_sequence"] = s.LastSequence }),
                }));
            }
            else
            {
                output.WriteLine($"journal:       {database.Storage.Provider} {database.Where} (Akka.Persistence.Sql, schema {i.SchemaVersion})");
                output.WriteLine($"events:        {i.Events}");
                foreach (var (id, events, last) in i.Streams)
                {
                    output.WriteLine($"  {id + ":",-12}{events} events, last sequence {last}");
                }

                output.WriteLine($"snapshots:     {i.Snapshots}");
                output.WriteLine($"last sequence: {i.LastSequence}");
                output.WriteLine($"size:          {i.SizeBytes} bytes");
            }

            return (int)ExitCode.Ok;
        });

        var export = new Command("export", "Write the audit trail (commands, R-Axis changes, starts and stops) as JSONL, oldest first.");
        export.Options.Add(SpecFile);
        export.Options.Add(Data);
        export.Options.Add(Out);
        export.SetAction(async (parse, token) =>
        {
            var database = JournalDatabase.For(Storage(parse));
            var file = parse.GetValue(Out)!;
            await using var reader = await OpenExistingAsync(database, token).ConfigureAwait(false);
            long written;
            try
            {
                written = await AuditExport.WriteAsync(reader.System, file.FullName, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new LoopCliException($"cannot write {file} ({ex.Message}); pick a writable path for --out");
            }

            parse.InvocationConfiguration.Output.WriteLine($"exported {written} events to {file}");
            return (int)ExitCode.Ok;
        });

        var journalCommand = new Command("journal", "Inspect the engine's journal.");
        journalCommand.Subcommands.Add(info);
        journalCommand.Subcommands.Add(export);
        return journalCommand;
    }

    private static StorageSection Storage(ParseResult parse) =>
        SpecArguments.LoadOrThrow(parse.GetValue(SpecFile), new SpecOverrides(DataDirectory: parse.GetValue(Data)?.FullName), parse.InvocationConfiguration.Error).Storage;

    /// <summary>Opens the journal without creating one: a path with no journal is a mistake to report, not a store to make.</summary>
    private static async Task<JournalReaderHost> OpenExistingAsync(JournalDatabase database, CancellationToken token)
    {
        try
        {
            await database.PrepareAsync(create: false, token).ConfigureAwait(false);
            return await JournalReaderHost.StartAsync(database, token).ConfigureAwait(false);
        }
        catch (JournalException ex)
        {
            throw new LoopCliException(ex.Message);
        }
    }

    /// <summary>Events per stream through Akka.Persistence.Query; snapshots and size from the database itself (the query API has neither).</summary>
    private static async Task<JournalInfo> InfoAsync(ActorSystem system, JournalDatabase database, CancellationToken token)
    {
        var streams = await JournalQueries.StreamsAsync(system, token).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(token).ConfigureAwait(false);
        var snapshots = await database.HasTableAsync(connection, "snapshot", token).ConfigureAwait(false)
            ? await JournalDatabase.LongAsync(connection, "SELECT COUNT(*) FROM snapshot;", token).ConfigureAwait(false)
            : 0;
        return new JournalInfo(streams, snapshots, await database.SizeBytesAsync(connection, token).ConfigureAwait(false), JournalSchema.Version);
    }
}
