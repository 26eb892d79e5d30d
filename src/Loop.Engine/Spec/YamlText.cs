using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.Spec;

/// <summary>
/// Reads a YAML file the user names (a spec, a load scenario file) the same careful way: refuse what is not
/// a regular file before opening it, cap its size, demand UTF-8, check nesting before building the document,
/// and turn every failure into a problem with a line.
/// </summary>
internal static class YamlText
{
    /// <summary>Reads the file's text, or says in one sentence why not (<paramref name="what"/> names the file's role).</summary>
    public static (string? Text, string? Problem) ReadFile(string path, string what, int maxBytes, string passInstead, string tooLargeHint)
    {
        // Asked before opening: a FIFO would block the open, /dev/zero would never end.
        if (Files.FileKinds.NotAFile(path) is { } notAFile)
        {
            return (null, $"the {what} {notAFile}");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return (null, $"the {what} is larger than {maxBytes / 1024} KiB; {tooLargeHint}");
            }

            return (new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                System.Text.DecoderFallbackException => "it is not UTF-8 text",
                _ => ex.Message,
            };
            return (null, $"cannot read the {what}: {reason}; pass {passInstead}");
        }
    }

    /// <summary>The document's root mapping, or null with the problem recorded in <paramref name="context"/>.</summary>
    public static YamlMappingNode? ParseRoot(string text, SpecContext context, string rootPath, string notAMapping)
    {
        var yaml = new YamlStream();
        try
        {
            // The depth first, with the event parser (no recursion): the document model recurses per
            // level, and 200,000 nested brackets would overflow the stack and kill the process.
            if (TooDeep(text) is { } deepAt)
            {
                context.Add(deepAt, "(yaml)", $"nested more than {SpecLoader.MaxDepth} levels deep; a file of settings is a few levels deep");
                return null;
            }

            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            context.Add((int)ex.Start.Line, "(yaml)", $"not valid YAML: {FirstLine(ex.Message)}");
            return null;
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Add(1, rootPath, notAMapping);
            return null;
        }

        return root;
    }

    /// <summary>The line where nesting first passes <see cref="SpecLoader.MaxDepth"/>, or null.</summary>
    public static int? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > SpecLoader.MaxDepth)
                    {
                        return (int)parser.Current.Start.Line;
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }

    public static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
