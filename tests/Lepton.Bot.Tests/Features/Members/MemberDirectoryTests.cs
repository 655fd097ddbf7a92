using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Features.Members;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Features.Members;

public sealed class MemberDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly MemberDirectory _directory;

    public MemberDirectoryTests()
    {
        var storage = Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        var database = new BotDatabase(storage);
        new Migrator(database, storage, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        _directory = new MemberDirectory(database, _clock);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private Task InvokeAsAsync(ChatUser user) =>
        _directory.OnInvocationAsync(new Invocation(user, new ChatChannel(1, "general"), 1, ["help"], OptionValues.Empty), default);

    [Fact]
    public async Task Last_seen_moves_at_most_once_a_minute_but_a_new_name_is_stored_at_once()
    {
        var ada = new ChatUser(5, "ada");
        await InvokeAsAsync(ada);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await InvokeAsAsync(ada);
        var within = await _directory.FindAsync(5);
        await InvokeAsAsync(ada with { DisplayName = "ada.l" });
        var renamed = await _directory.FindAsync(5);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await InvokeAsAsync(ada with { DisplayName = "ada.l" });
        var later = await _directory.FindAsync(5);

        Assert.Equal(Start, within!.LastSeen);
        Assert.Equal("ada.l", renamed!.DisplayName);
        Assert.Equal(Start.AddSeconds(30), renamed.LastSeen);
        Assert.Equal(Start.AddSeconds(90), later!.LastSeen);
        Assert.Equal(Start, later.FirstSeen);
    }
}
