using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lepton.Training.Specs;

/// <summary>A node of a parsed spec document, with the place it came from.</summary>
internal abstract record YamlNodeBase(int Line, int Column)
{
    public abstract string Describe();
}

internal sealed record YamlScalarNode(string Value, bool Quoted, int Line, int Column) : YamlNodeBase(Line, Column)
{
    /// <summary>A plain null (<c>~</c>, <c>null</c> or nothing).</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : Quoted ? "a string" : LooksNumeric ? "a number" : "a word";

    private bool LooksNumeric => double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

internal sealed record YamlSequenceNode(IReadOnlyList<YamlNodeBase> Items, int Line, int Column) : YamlNodeBase(Line, Column)
{
    public override string Describe() => "a list";
}

internal sealed record YamlMappingNode(IReadOnlyList<KeyValuePair<string, YamlNodeBase>> Entries, int Line, int Column) : YamlNodeBase(Line, Column)
{
    public override string Describe() => "a mapping";
}

/// <summary>
/// Turns spec text into a small tree straight from YamlDotNet's event stream, refusing what a
/// spec never needs and an attacker would use: anchors and aliases (the "billion laughs"), tags,
/// several documents, non-scalar or duplicate keys, deep nesting and huge node counts.
/// JSON is accepted too, being YAML's flow syntax.
/// </summary>
internal static class YamlTree
{
    public const int MaxNesting = 24;
    public const int MaxNodes = 20_000;

    /// <exception cref="FormatException">The text is not an acceptable spec document; the message says where.</exception>
    public static YamlNodeBase Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var reader = new EventReader(parser);
        try
        {
            reader.Expect<StreamStart>();
            if (reader.Peek() is StreamEnd)
            {
                throw new FormatException("the spec is empty");
            }

            reader.Expect<DocumentStart>();
            YamlNodeBase root = ReadNode(reader, 0);
            reader.Expect<DocumentEnd>();
            if (reader.Peek() is not StreamEnd)
            {
                throw new FormatException($"line {reader.Line}: only one YAML document is allowed");
            }

            return root;
        }
        catch (YamlException exception)
        {
            throw new FormatException($"line {exception.Start.Line}, column {exception.Start.Column}: {FirstLine(exception.Message)}", exception);
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }

    private static YamlNodeBase ReadNode(EventReader reader, int depth)
    {
        if (depth > MaxNesting)
        {
            throw new FormatException($"line {reader.Line}: nesting deeper than {MaxNesting} levels");
        }

        ParsingEvent next = reader.Next();
        int line = (int)next.Start.Line;
        int column = (int)next.Start.Column;
        if (next is AnchorAlias)
        {
            throw new FormatException($"line {line}: YAML aliases (*name) are not allowed in a spec");
        }

        if (next is NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                throw new FormatException($"line {line}: YAML anchors (&name) are not allowed in a spec");
            }

            if (!node.Tag.IsEmpty && !(node is Scalar { Tag.Value: "tag:yaml.org,2002:str" }))
            {
                throw new FormatException($"line {line}: YAML tags ({node.Tag.Value}) are not allowed in a spec");
            }
        }

        switch (next)
        {
            case Scalar scalar:
                return new YamlScalarNode(scalar.Value, scalar.Style is not ScalarStyle.Plain, line, column);
            case SequenceStart:
            {
                var items = new List<YamlNodeBase>();
                while (reader.Peek() is not SequenceEnd)
                {
                    items.Add(ReadNode(reader, depth + 1));
                }

                reader.Next();
                return new YamlSequenceNode(items, line, column);
            }

            case MappingStart:
            {
                var entries = new List<KeyValuePair<string, YamlNodeBase>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Peek() is not MappingEnd)
                {
                    YamlNodeBase key = ReadNode(reader, depth + 1);
                    if (key is not YamlScalarNode { } keyScalar)
                    {
                        throw new FormatException($"line {key.Line}: a key must be a plain word, not {key.Describe()}");
                    }

                    if (!seen.Add(keyScalar.Value))
                    {
                        throw new FormatException($"line {key.Line}: key '{keyScalar.Value}' appears twice");
                    }

                    entries.Add(new(keyScalar.Value, ReadNode(reader, depth + 1)));
                }

                reader.Next();
                return new YamlMappingNode(entries, line, column);
            }

            default:
                throw new FormatException($"line {line}: unexpected {next.GetType().Name}");
        }
    }

    /// <summary>Counts events so a flood of tiny nodes is refused early.</summary>
    private sealed class EventReader(IParser parser)
    {
        private int count;

        public long Line => parser.Current?.Start.Line ?? 0;

        public ParsingEvent? Peek()
        {
            if (parser.Current is null && !parser.MoveNext())
            {
                return null;
            }

            return parser.Current;
        }

        public ParsingEvent Next()
        {
            ParsingEvent current = Peek() ?? throw new FormatException("the spec ends early");
            if (++count > MaxNodes)
            {
                throw new FormatException($"more than {MaxNodes} YAML nodes");
            }

            parser.MoveNext();
            return current;
        }

        public void Expect<T>()
            where T : ParsingEvent
        {
            ParsingEvent next = Next();
            if (next is not T)
            {
                throw new FormatException($"line {next.Start.Line}: expected {typeof(T).Name}, found {next.GetType().Name}");
            }
        }
    }
}
