using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lepton.Discord.Fake;

/// <summary>Discord's documented limits on messages, components, callbacks and commands, checked as Discord would (400 / 50035).</summary>
internal static partial class FakeValidation
{
    private static readonly int[] SelectTypes = [3, 5, 6, 7, 8];

    public static void Callback(int interactionType, int callbackType, JsonObject? data, int fileCount, Dictionary<string, string> errors)
    {
        switch (callbackType)
        {
            case 1 when interactionType != 1:
                errors["type"] = "PONG only answers PING";
                break;
            case 4:
                if (data is null)
                {
                    errors["data"] = "required";
                }
                else
                {
                    Message(data, fileCount, errors, requireContent: true, prefix: "data.");
                }

                break;
            case 5:
                if (data is not null && (Int(data["flags"]) & ~64) != 0)
                {
                    errors["data.flags"] = "only EPHEMERAL may be set on a deferred response";
                }

                break;
            case 6 or 7 when interactionType is not (3 or 5):
                errors["type"] = "UPDATE_MESSAGE and DEFERRED_UPDATE_MESSAGE are for component and modal interactions";
                break;
            case 7 when data is not null:
                Message(data, fileCount, errors, requireContent: false, prefix: "data.");
                break;
            case 8:
                if (interactionType != 4)
                {
                    errors["type"] = "autocomplete results answer autocomplete interactions only";
                }

                var choices = data?["choices"] as JsonArray;
                if (choices is null || choices.Count > 25)
                {
                    errors["data.choices"] = "1-25 choices required";
                }
                else
                {
                    Choices(choices, "data.choices", errors);
                }

                break;
            case 9:
                if (interactionType is 1 or 5)
                {
                    errors["type"] = "a modal cannot answer a PING or a modal submission";
                }

                Length(data?["custom_id"], 1, 100, "data.custom_id", errors);
                Length(data?["title"], 1, 45, "data.title", errors);
                if (data?["components"] is not JsonArray { Count: >= 1 and <= 5 })
                {
                    errors["data.components"] = "1-5 components";
                }

                break;
            case 4 or 5 or 6 or 7:
                break;
            default:
                if (callbackType is not (1 or 4 or 5 or 6 or 7 or 8 or 9))
                {
                    errors["type"] = "unknown callback type " + callbackType.ToString(CultureInfo.InvariantCulture);
                }

                break;
        }
    }

    public static void Message(JsonObject message, int fileCount, Dictionary<string, string> errors, bool requireContent, string prefix = "")
    {
        if (message["content"] is JsonNode content)
        {
            Length(content, 0, 2000, prefix + "content", errors);
        }

        var embeds = message["embeds"] as JsonArray;
        if (embeds is { Count: > 10 })
        {
            errors[prefix + "embeds"] = "at most 10 embeds";
        }

        var total = 0;
        for (var i = 0; embeds is not null && i < embeds.Count; i++)
        {
            total += Embed(embeds[i] as JsonObject, $"{prefix}embeds.{i}", errors);
        }

        if (total > 6000)
        {
            errors[prefix + "embeds"] = "embeds exceed 6000 characters in total";
        }

        var components = message["components"] as JsonArray;
        if (components is not null)
        {
            Components(components, prefix + "components", errors);
        }

        if (message["attachments"] is JsonArray attachments)
        {
            foreach (var attachment in attachments.OfType<JsonObject>())
            {
                var id = Int(attachment["id"]);
                if (id < 0 || id >= fileCount && attachment["filename"] is not null && fileCount > 0)
                {
                    errors[prefix + "attachments"] = "attachment id has no files[n] part";
                }
            }
        }

        if (requireContent && string.IsNullOrEmpty(message["content"]?.GetValue<string>()) && embeds is not { Count: > 0 }
            && components is not { Count: > 0 } && fileCount == 0)
        {
            errors[prefix + "content"] = "Cannot send an empty message";
        }
    }

    private static int Embed(JsonObject? embed, string path, Dictionary<string, string> errors)
    {
        if (embed is null)
        {
            errors[path] = "not an object";
            return 0;
        }

        var total = 0;
        total += Length(embed["title"], 0, 256, path + ".title", errors);
        total += Length(embed["description"], 0, 4096, path + ".description", errors);
        total += Length(embed["footer"]?["text"], 0, 2048, path + ".footer.text", errors);
        total += Length(embed["author"]?["name"], 0, 256, path + ".author.name", errors);
        if (embed["fields"] is JsonArray fields)
        {
            if (fields.Count > 25)
            {
                errors[path + ".fields"] = "at most 25 fields";
            }

            for (var i = 0; i < fields.Count; i++)
            {
                total += Length(fields[i]?["name"], 1, 256, $"{path}.fields.{i}.name", errors);
                total += Length(fields[i]?["value"], 1, 1024, $"{path}.fields.{i}.value", errors);
            }
        }

        return total;
    }

    private static void Components(JsonArray rows, string path, Dictionary<string, string> errors)
    {
        if (rows.Count > 5)
        {
            errors[path] = "at most 5 action rows";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] as JsonObject;
            var rowPath = $"{path}.{r}";
            if (Int(row?["type"]) != 1 || row!["components"] is not JsonArray items || items.Count is < 1 or > 5)
            {
                errors[rowPath] = "an action row holds 1-5 components";
                continue;
            }

            var selects = items.Count(i => SelectTypes.Contains(Int(i?["type"])));
            if (selects > 0 && items.Count != 1)
            {
                errors[rowPath] = "a select menu must be alone in its row";
            }

            for (var c = 0; c < items.Count; c++)
            {
                var item = items[c] as JsonObject;
                var itemPath = $"{rowPath}.components.{c}";
                var type = Int(item?["type"]);
                if (type == 2)
                {
                    var style = Int(item!["style"]);
                    Length(item["label"], 0, 80, itemPath + ".label", errors);
                    if (style == 5)
                    {
                        Length(item["url"], 1, 512, itemPath + ".url", errors);
                    }
                    else if (style is >= 1 and <= 4)
                    {
                        CustomId(item, itemPath, ids, errors);
                    }
                    else
                    {
                        errors[itemPath + ".style"] = "invalid button style";
                    }
                }
                else if (SelectTypes.Contains(type))
                {
                    CustomId(item!, itemPath, ids, errors);
                    Length(item!["placeholder"], 0, 150, itemPath + ".placeholder", errors);
                    if (type == 3)
                    {
                        if (item["options"] is not JsonArray { Count: >= 1 and <= 25 } options)
                        {
                            errors[itemPath + ".options"] = "1-25 options";
                        }
                        else
                        {
                            for (var o = 0; o < options.Count; o++)
                            {
                                Length(options[o]?["label"], 1, 100, $"{itemPath}.options.{o}.label", errors);
                                Length(options[o]?["value"], 1, 100, $"{itemPath}.options.{o}.value", errors);
                                Length(options[o]?["description"], 0, 100, $"{itemPath}.options.{o}.description", errors);
                            }
                        }
                    }

                    var min = item["min_values"] is null ? 1 : Int(item["min_values"]);
                    var max = item["max_values"] is null ? 1 : Int(item["max_values"]);
                    if (min is < 0 or > 25 || max is < 1 or > 25 || min > max)
                    {
                        errors[itemPath + ".max_values"] = "min_values/max_values out of range";
                    }
                }
                else
                {
                    errors[itemPath + ".type"] = "not allowed in an action row of a message";
                }
            }
        }
    }

    private static void CustomId(JsonObject item, string path, HashSet<string> ids, Dictionary<string, string> errors)
    {
        Length(item["custom_id"], 1, 100, path + ".custom_id", errors);
        if (item["custom_id"]?.GetValue<string>() is { } id && !ids.Add(id))
        {
            errors[path + ".custom_id"] = "custom_id must be unique in a message";
        }
    }

    public static void Commands(JsonArray commands, Dictionary<string, string> errors)
    {
        if (commands.Count > 100)
        {
            errors["_errors"] = "at most 100 chat input commands";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i] as JsonObject;
            var path = i.ToString(CultureInfo.InvariantCulture);
            if (command is null)
            {
                errors[path] = "not an object";
                continue;
            }

            Name(command["name"], path + ".name", errors);
            Length(command["description"], 1, 100, path + ".description", errors);
            if (command["name"]?.GetValue<string>() is { } name && !names.Add(name))
            {
                errors[path + ".name"] = "duplicate command name";
            }

            var total = Text(command["name"]).Length + Text(command["description"]).Length;
            if (command["options"] is JsonArray options)
            {
                total += Options(options, path + ".options", errors, depth: 0);
            }

            if (total > 8000)
            {
                errors[path] = "APPLICATION_COMMAND_TOO_LARGE";
            }

            if (command["default_member_permissions"] is JsonNode permissions && permissions.GetValueKind() != JsonValueKind.Null
                && (permissions.GetValueKind() != JsonValueKind.String || !ulong.TryParse(permissions.GetValue<string>(), CultureInfo.InvariantCulture, out _)))
            {
                errors[path + ".default_member_permissions"] = "a permission bit set as a string";
            }
        }
    }

    private static int Options(JsonArray options, string path, Dictionary<string, string> errors, int depth)
    {
        if (options.Count > 25)
        {
            errors[path] = "at most 25 options";
        }

        var total = 0;
        var seenOptional = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i] as JsonObject;
            var optionPath = $"{path}.{i}";
            if (option is null)
            {
                errors[optionPath] = "not an object";
                continue;
            }

            var type = Int(option["type"]);
            if (type is < 1 or > 11)
            {
                errors[optionPath + ".type"] = "unknown option type";
            }

            if ((type is 1 or 2) && depth >= (type == 2 ? 1 : 2))
            {
                errors[optionPath + ".type"] = "subcommands nest too deep";
            }

            Name(option["name"], optionPath + ".name", errors);
            Length(option["description"], 1, 100, optionPath + ".description", errors);
            if (option["name"]?.GetValue<string>() is { } name && !names.Add(name))
            {
                errors[optionPath + ".name"] = "option names must be unique";
            }

            total += Text(option["name"]).Length + Text(option["description"]).Length;
            var required = option["required"]?.GetValue<bool>() ?? false;
            if (type is not (1 or 2))
            {
                if (required && seenOptional)
                {
                    errors[optionPath + ".required"] = "required options must come before optional ones";
                }

                seenOptional |= !required;
            }

            if (option["choices"] is JsonArray choices)
            {
                if (type is not (3 or 4 or 10))
                {
                    errors[optionPath + ".choices"] = "choices only on STRING, INTEGER and NUMBER";
                }

                if (choices.Count > 25)
                {
                    errors[optionPath + ".choices"] = "at most 25 choices";
                }

                if (option["autocomplete"]?.GetValue<bool>() == true && choices.Count > 0)
                {
                    errors[optionPath + ".autocomplete"] = "autocomplete excludes choices";
                }

                total += Choices(choices, optionPath + ".choices", errors);
            }

            if ((option["min_value"] is not null || option["max_value"] is not null) && type is not (4 or 10))
            {
                errors[optionPath + ".min_value"] = "min/max value only on INTEGER and NUMBER";
            }

            if ((option["min_length"] is not null || option["max_length"] is not null) && type != 3)
            {
                errors[optionPath + ".min_length"] = "min/max length only on STRING";
            }

            if (option["options"] is JsonArray nested)
            {
                total += Options(nested, optionPath + ".options", errors, depth + 1);
            }
        }

        return total;
    }

    private static int Choices(JsonArray choices, string path, Dictionary<string, string> errors)
    {
        var total = 0;
        for (var c = 0; c < choices.Count; c++)
        {
            total += Length(choices[c]?["name"], 1, 100, $"{path}.{c}.name", errors);
            if (choices[c]?["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                total += Length(value, 0, 100, $"{path}.{c}.value", errors);
            }
        }

        return total;
    }

    private static void Name(JsonNode? node, string path, Dictionary<string, string> errors)
    {
        var name = Text(node);
        if (!NamePattern().IsMatch(name) || name != name.ToLowerInvariant())
        {
            errors[path] = "APPLICATION_COMMAND_INVALID_NAME";
        }
    }

    private static int Length(JsonNode? node, int min, int max, string path, Dictionary<string, string> errors)
    {
        if (node is null)
        {
            if (min > 0)
            {
                errors[path] = "required";
            }

            return 0;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors[path] = "must be a string";
            return 0;
        }

        var length = node.GetValue<string>().Trim().Length;
        if (length < min || length > max)
        {
            errors[path] = $"BASE_TYPE_BAD_LENGTH: must be between {min} and {max} in length";
        }

        return length;
    }

    private static string Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";

    private static int Int(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var number) ? number : -1;

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();
}
