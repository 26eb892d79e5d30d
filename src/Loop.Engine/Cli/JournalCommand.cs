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
            var storage = Storage(parse);
            await using var journal = await OpenExistingAsync(storage, token).ConfigureAwait(false);
            var i = await journal.InfoAsync(token).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            var where = JournalFactory.Where(storage);
            if (parse.GetValue(Json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["provider"] = storage.Provider, ["where"] = where, ["schema"] = i.SchemaVersion, ["events"] = i.Events,
                    ["snapshots"] = i.Snapshots, ["last_sequence"] = i.LastSequence, ["size_bytes"] = i.SizeBytes,
                }));
            }
            else
            {
                output.WriteLine($"journal:       {storage.Provider} {where} (schema {i.SchemaVersion})");
                output.WriteLine($"events:        {i.Events}");
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
            var storage = Storage(parse);
            var file = parse.GetValue(Out)!;
            await using var journal = await OpenExistingAsync(storage, token).ConfigureAwait(false);
            long written;
            try
            {
                written = await AuditExport.WriteAsync(journal, file.FullName, token).ConfigureAwait(false);
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
    private static async Task<IJournal> OpenExistingAsync(StorageSection storage, CancellationToken token)
    {
        if (storage.Provider == "sqlite" && !File.Exists(JournalFactory.Where(storage)))
        {
            throw new LoopCliException($"no journal at {JournalFactory.Where(storage)}: the engine has not run with this storage yet; pass the --data (or --spec) it ran with");
        }

        try
        {
            return await JournalFactory.OpenAsync(storage, token).ConfigureAwait(false);
        }
        catch (JournalException ex)
        {
            throw new LoopCliException(ex.Message);
        }
    }
}
