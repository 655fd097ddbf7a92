using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.ConsoleChat;

/// <summary>Answers one console interaction by printing; a form is asked field by field on the next lines.</summary>
public sealed class ConsoleResponder(ConsoleOutput output, ChatChannel channel, SentMessage? source, Func<ModalForm, Task> askForm) : IResponder
{
    private string ChannelKey => "#" + channel.Name;

    public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default) =>
        Task.FromResult(output.Show("bot", reply, channel, ChannelKey));

    public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
    {
        output.Replace(message, "bot", reply, channel);
        return Task.CompletedTask;
    }

    public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            output.Show("bot", reply, channel, ChannelKey);
        }
        else
        {
            output.Replace(source, "bot", reply, channel);
        }

        return Task.CompletedTask;
    }

    public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => askForm(form);
}
