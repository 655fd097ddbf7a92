using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Hosting;

/// <summary>Checks the Storage section at start; every message names the configuration key.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            problems.Add("Storage:DataDirectory (--data, LEPTON_DATA) must name a folder");
        }

        if (string.IsNullOrWhiteSpace(options.DatabaseFile) || options.DatabaseFile.IndexOfAny(['/', '\\']) >= 0)
        {
            problems.Add($"Storage:DatabaseFile must be a plain file name (got '{options.DatabaseFile}')");
        }

        if (options.BusyTimeoutMilliseconds is < 0 or > 600_000)
        {
            problems.Add($"Storage:BusyTimeoutMilliseconds must be between 0 and 600000 (got {options.BusyTimeoutMilliseconds})");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Checks the Console section at start; every message names the configuration key.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.UserName) || options.UserName.Length > 32)
        {
            problems.Add($"Console:UserName must be 1-32 characters (got '{options.UserName}')");
        }

        if (options.WaitSeconds is < 0 or > 86_400)
        {
            problems.Add($"Console:WaitSeconds (--wait) must be between 0 and 86400 (got {options.WaitSeconds})");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
