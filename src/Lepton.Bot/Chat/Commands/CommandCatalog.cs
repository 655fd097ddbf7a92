using System.Text.RegularExpressions;

namespace Lepton.Bot.Chat.Commands;

/// <summary>
/// Every command the bot offers, collected from the features. Checks the declarations against
/// Discord's rules once, at start, so a bad declaration fails fast instead of as a 400 later.
/// </summary>
public sealed partial class CommandCatalog
{
    private readonly Dictionary<string, CommandDeclaration> _roots = new(StringComparer.OrdinalIgnoreCase);

    public CommandCatalog(IEnumerable<CommandDeclaration> commands)
    {
        foreach (var command in commands)
        {
            var problems = DeclarationRules.Check(command).ToList();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"Command /{command.Name} is declared wrongly: {string.Join("; ", problems)}");
            }

            if (!_roots.TryAdd(command.Name, command))
            {
                throw new InvalidOperationException($"Command /{command.Name} is declared twice.");
            }
        }
    }

    public IEnumerable<CommandDeclaration> Commands => _roots.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public CommandDeclaration? Find(string name) => _roots.GetValueOrDefault(name);

    /// <summary>Discord's constraints on application commands, applied to our declarations.</summary>
    internal static partial class DeclarationRules
    {
        public static IEnumerable<string> Check(CommandDeclaration command, string path = "")
        {
            var where = $"{path}{command.Name}";
            if (!NamePattern().IsMatch(command.Name))
            {
                yield return $"{where}: name must be 1-32 lowercase letters, digits, '-' or '_'";
            }

            if (command.Description.Length is < 1 or > 100)
            {
                yield return $"{where}: description must be 1-100 characters";
            }

            if (command.IsGroup && command.Options.Count > 0)
            {
                yield return $"{where}: a command has either subcommands or options, not both";
            }

            if (command.Options.Count > 25 || command.Subcommands.Count > 25)
            {
                yield return $"{where}: at most 25 options or subcommands";
            }

            var seenOptional = false;
            foreach (var option in command.Options)
            {
                if (!NamePattern().IsMatch(option.Name))
                {
                    yield return $"{where}.{option.Name}: name must be 1-32 lowercase letters, digits, '-' or '_'";
                }

                if (option.Description.Length is < 1 or > 100)
                {
                    yield return $"{where}.{option.Name}: description must be 1-100 characters";
                }

                if (option.Choices.Count > 25)
                {
                    yield return $"{where}.{option.Name}: at most 25 choices";
                }

                if (option.Choices.Count > 0 && option.Autocomplete)
                {
                    yield return $"{where}.{option.Name}: choices and autocomplete exclude each other";
                }

                if (option.Required && seenOptional)
                {
                    yield return $"{where}.{option.Name}: required options come before optional ones";
                }

                seenOptional |= !option.Required;
            }

            if (command.Options.Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != command.Options.Count)
            {
                yield return $"{where}: option names repeat";
            }

            foreach (var sub in command.Subcommands)
            {
                foreach (var problem in Check(sub, where + " "))
                {
                    yield return problem;
                }
            }
        }

        [GeneratedRegex("^[-_a-z0-9]{1,32}$")]
        private static partial Regex NamePattern();
    }
}
