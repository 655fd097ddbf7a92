using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Lepton.Bot.Storage;

/// <summary>One schema file, "0003_quiz_rounds.sql": its version, text and checksum.</summary>
public sealed partial record MigrationScript(int Version, string FileName, string Sql, string Checksum)
{
    /// <summary>Reads every migration in a folder, in version order; a misnamed or duplicated file is an error.</summary>
    public static IReadOnlyList<MigrationScript> LoadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new StorageException($"Migrations folder '{directory}' does not exist.");
        }

        var scripts = new List<MigrationScript>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var name = Path.GetFileName(path);
            var match = FileNamePattern().Match(name);
            if (!match.Success)
            {
                throw new StorageException($"Migration file '{name}' is misnamed: expected NNNN_name.sql, e.g. 0002_reputation.sql.");
            }

            var sql = File.ReadAllText(path);
            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, sql, ChecksumOf(sql)));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new StorageException($"Migrations {string.Join(" and ", duplicate.Select(s => s.FileName))} share version {duplicate.Key}.");
        }

        return scripts.OrderBy(s => s.Version).ToList();
    }

    /// <summary>SHA-256 of the text with line endings normalised, so a Windows checkout is not "changed".</summary>
    public static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    [GeneratedRegex(@"^(\d{4})_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex FileNamePattern();
}
