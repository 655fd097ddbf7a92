using System.Text;
using Lepton.Bot.Hosting;

// Chinese FAQ answers must survive terminals whose default encoding is not UTF-8.
Console.OutputEncoding = Encoding.UTF8;
return await BotCommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
