using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Lepton.Training.Cifar10;

/// <summary>Where the archive comes from and what it must be.</summary>
public sealed record Cifar10Source(Uri Url, long Length, string Md5, string Sha256)
{
    /// <summary>The official binary version (ENVIRONMENT.md §6).</summary>
    public static Cifar10Source Official { get; } = new(
        new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
        170_052_171,
        "c32a1d4ab5d03f1284b67883e8d87530",
        "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");

    public string FileName => Path.GetFileName(Url.AbsolutePath) is { Length: > 0 } name ? name : "cifar-10-binary.tar.gz";
}

/// <summary>Bytes of the archive on disk so far, out of <see cref="Total"/>.</summary>
public readonly record struct DownloadProgress(long Received, long Total);

/// <summary>
/// Fetches the CIFAR-10 archive: resumes a partial download with an HTTP range request, checks the size,
/// MD5 and SHA-256, and extracts only the six batch files by their exact names (never a path taken
/// from the archive, so nothing can escape the target folder; links and other members are ignored).
/// </summary>
public sealed class Cifar10Downloader(HttpClient http)
{
    /// <summary>Largest member accepted; an official batch is 30,730,000 bytes.</summary>
    public const long MaxMemberBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Makes <paramref name="directory"/>/cifar-10-batches-bin/ hold the six batch files and returns that folder.
    /// The archive is kept beside it (a partial one as <c>.part</c>), so a second call neither downloads nor extracts again.
    /// </summary>
    /// <exception cref="InvalidDataException">The download does not match the expected size or checksums (the bad file is deleted), or the archive lacks a member.</exception>
    /// <exception cref="HttpRequestException">The server failed; what arrived is kept for the next attempt.</exception>
    public async Task<string> FetchAsync(string directory, Cifar10Source source, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(directory);
        string batches = Path.Combine(directory, Cifar10Format.BatchFolder);
        if (HasAllMembers(batches))
        {
            return batches;
        }

        string archive = Path.Combine(directory, source.FileName);
        if (!File.Exists(archive))
        {
            string partial = archive + ".part";
            await DownloadAsync(partial, source, progress, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(partial, source, cancellationToken).ConfigureAwait(false);
            File.Move(partial, archive, overwrite: true);
        }

        await ExtractAsync(archive, batches, cancellationToken).ConfigureAwait(false);
        return batches;
    }

    private static bool HasAllMembers(string batches) =>
        Cifar10Format.DataFiles.All(name =>
        {
            var file = new FileInfo(Path.Combine(batches, name));
            return file.Exists && file.Length > 0 && file.Length % Cifar10Format.RecordBytes == 0;
        });

    private async Task DownloadAsync(string partial, Cifar10Source source, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (existing > source.Length)
        {
            File.Delete(partial);
            existing = 0;
        }

        if (existing == source.Length)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != existing)
        {
            throw new HttpRequestException($"the server answered the range request for bytes {existing}- with {response.Content.Headers.ContentRange}");
        }

        if (!resumed)
        {
            response.EnsureSuccessStatusCode();
            existing = 0;
        }

        using (var file = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[1 << 16];
            long received = existing;
            long reportedAt = -1;
            progress?.Report(new DownloadProgress(received, source.Length));
            while (true)
            {
                int read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (received + read > source.Length)
                {
                    throw new InvalidDataException($"the server sent more than the expected {source.Length:N0} bytes");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
                if (received - reportedAt >= source.Length / 100 || received == source.Length)
                {
                    reportedAt = received;
                    progress?.Report(new DownloadProgress(received, source.Length));
                }
            }
        }
    }

    private static async Task VerifyAsync(string path, Cifar10Source source, CancellationToken cancellationToken)
    {
        long length = new FileInfo(path).Length;
        if (length != source.Length)
        {
            throw new InvalidDataException($"the download ended at {length:N0} of {source.Length:N0} bytes; run the command again to resume");
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                sha256.AppendData(buffer, 0, read);
            }
        }

        string actualMd5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        string actualSha = Convert.ToHexStringLower(sha256.GetHashAndReset());
        if (!actualMd5.Equals(source.Md5, StringComparison.OrdinalIgnoreCase) || !actualSha.Equals(source.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(path);
            throw new InvalidDataException($"the download's checksums do not match (MD5 {actualMd5}, SHA-256 {actualSha}); the file was deleted, run the command again");
        }
    }

    private static async Task ExtractAsync(string archive, string batches, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(batches);
        var wanted = Cifar10Format.DataFiles.ToDictionary(name => $"{Cifar10Format.BatchFolder}/{name}", name => name, StringComparer.Ordinal);
        var extracted = new HashSet<string>(StringComparer.Ordinal);
        await using (var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                string name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !wanted.TryGetValue(name, out string? member) || extracted.Contains(member) || entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Length > MaxMemberBytes)
                {
                    throw new InvalidDataException($"{name} in the archive is {entry.Length:N0} bytes, more than a CIFAR-10 batch can be");
                }

                // The target path is built from our own list of names, never from the archive.
                string target = Path.Combine(batches, member);
                string temporary = target + ".tmp";
                await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await entry.DataStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }

                File.Move(temporary, target, overwrite: true);
                extracted.Add(member);
            }
        }

        string[] missing = Cifar10Format.DataFiles.Where(name => !extracted.Contains(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"the archive lacks {string.Join(", ", missing)} under {Cifar10Format.BatchFolder}/");
        }

        if (!HasAllMembers(batches))
        {
            throw new InvalidDataException($"the extracted batch files are not whole {Cifar10Format.RecordBytes:N0}-byte records");
        }
    }
}
