using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features;
using Lepton.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Hosting;

/// <summary>
/// Builds the generic host every verb runs in. Configuration, lowest to highest priority:
/// appsettings.json next to the binary, appsettings.json in the working folder, user secrets,
/// environment variables (Section__Key; LEPTON_DATA for the data folder), the command line.
/// Logs go to stderr so stdout carries only what the bot says.
/// </summary>
public static class BotHost
{
    public const string DataEnvironmentVariable = "LEPTON_DATA";

    public static HostApplicationBuilder CreateBuilder(VerbDefinition verb, IReadOnlyDictionary<string, string?> commandLine, bool migrateOnStart = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });

        AddConfiguration(builder.Configuration, verb, commandLine);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Start-up failures are reported by the command line as one line; the host's own stack-trace log would bury it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        AddCore(builder.Services, builder.Configuration, migrateOnStart);
        return builder;
    }

    private static void AddConfiguration(ConfigurationManager configuration, VerbDefinition verb, IReadOnlyDictionary<string, string?> commandLine)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var local = Path.GetFullPath("appsettings.json");
        configuration.AddJsonFile(shipped, optional: true, reloadOnChange: false);
        if (!string.Equals(shipped, local, StringComparison.Ordinal))
        {
            configuration.AddJsonFile(local, optional: true, reloadOnChange: false);
        }

        if (verb == Verbs.Console)
        {
            // The terminal is the console bot's chat window: only problems are logged there, unless
            // the environment or command line asks for more (Logging__LogLevel__Default=Information).
            configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        }

        configuration.AddUserSecrets(typeof(BotHost).Assembly, optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        if (Environment.GetEnvironmentVariable(DataEnvironmentVariable) is { Length: > 0 } data)
        {
            configuration.AddInMemoryCollection([new(Verbs.Data.ConfigKey, data)]);
        }

        configuration.AddInMemoryCollection(commandLine);
    }

    private static void AddCore(IServiceCollection services, IConfiguration configuration, bool migrateOnStart)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.Section));
        services.AddSingleton<BotDatabase>();
        services.AddSingleton<Migrator>();

        if (migrateOnStart)
        {
            // First hosted service: nothing else starts on an old schema.
            services.AddHostedService<MigrationHostedService>();

            // After the migrations: it reads community_event_retries.
            services.AddHostedService<CommunityEventRetryService>();
        }

        services.AddSingleton<PendingWork>();
        services.AddSingleton<ICommunityEventRetries, CommunityEventRetryStore>();
        services.AddSingleton<CommunityEvents>();
        services.AddSingleton<CommandRouter>();
        services.AddBotFeatures();
    }

    /// <summary>The console adapter: the person at the terminal is a member typing in #general.</summary>
    public static HostApplicationBuilder AddConsoleChat(this HostApplicationBuilder builder, TextWriter output)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddSingleton<ConsoleIdentity>();
        services.AddSingleton<ConsoleChoices>();
        services.AddSingleton(sp => new ConsoleOutput(output, sp.GetRequiredService<ConsoleChoices>(), sp.GetRequiredService<IOptions<StorageOptions>>()));
        services.AddSingleton<IChatChannels, ConsoleChannels>();
        services.AddSingleton<ConsoleMemberRoles>();
        services.AddSingleton<IMemberRoles>(sp => sp.GetRequiredService<ConsoleMemberRoles>());
        services.AddSingleton<IChatFeature, ConsoleCommandsFeature>();
        services.AddSingleton<ConsoleSession>();
        return builder;
    }
}
