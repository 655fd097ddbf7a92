using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Discord.Models;

/// <summary>
/// Source-generated JSON metadata for every wire type: snake_case names as Discord sends them,
/// nulls left out when writing, unknown fields ignored when reading, snowflakes as strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnowflakeConverter)])]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(GatewayHello))]
[JsonSerializable(typeof(GatewayIdentify))]
[JsonSerializable(typeof(GatewayResume))]
[JsonSerializable(typeof(GatewayOutgoing<GatewayIdentify>))]
[JsonSerializable(typeof(GatewayOutgoing<GatewayResume>))]
[JsonSerializable(typeof(GatewayOutgoing<int?>))]
[JsonSerializable(typeof(DiscordReady))]
[JsonSerializable(typeof(DiscordGuild))]
[JsonSerializable(typeof(DiscordGuildMemberAdd))]
[JsonSerializable(typeof(DiscordGuildRoleChange))]
[JsonSerializable(typeof(DiscordGuildRoleDelete))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordMessageReactionAdd))]
[JsonSerializable(typeof(DiscordInteraction))]
[JsonSerializable(typeof(DiscordInteractionResponse))]
[JsonSerializable(typeof(DiscordInteractionCallbackResult))]
[JsonSerializable(typeof(DiscordMessagePayload))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(DiscordCreateDm))]
[JsonSerializable(typeof(DiscordGatewayBot))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(List<DiscordApplicationCommand>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
