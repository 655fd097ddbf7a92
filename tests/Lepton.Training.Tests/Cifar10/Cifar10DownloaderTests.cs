using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lepton.Training.Cifar10;

namespace Lepton.Training.Tests.Cifar10;

public sealed class Cifar10DownloaderTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly ArchiveServer server;
    private readonly byte[] archive;
    private readonly Cifar10Dataset dataset = Cifar10Synthesizer.Generate(25, 6, seed: 2);

    public Cifar10DownloaderTests()
    {
        archive = BuildArchive(dataset);
        server = new ArchiveServer(archive);
    }

    private Cifar10Source Source => new(server.Url, archive.Length, Md5(archive), Hex(SHA256.HashData(archive)));

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Fetch_downloads_verifies_and_extracts_only_the_six_batch_files()
    {
        using var http = new HttpClient();
        var reports = new List<DownloadProgress>();
        string target = Path.Combine(temp.Path, "data", "cifar-10");

        string folder = await new Cifar10Downloader(http).FetchAsync(target, Source, new Collect(reports));

        Assert.Equal(Path.Combine(target, Cifar10Format.BatchFolder), folder);
        string[] files = Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(target, path).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        string[] expected = Cifar10Format.DataFiles.Select(name => $"{Cifar10Format.BatchFolder}/{name}")
            .Append("cifar.tar.gz").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, files); // no ../evil.txt, no extra.bin, no link, no meta file
        Assert.False(File.Exists(Path.Combine(temp.Path, "evil.txt")));
        Assert.False(File.Exists(Path.Combine(temp.Path, "data", "evil.txt")));

        var loaded = Cifar10Reader.Load(target);
        Assert.Equal(dataset.Train.Pixels, loaded.Train.Pixels);
        Assert.Equal(dataset.Test.Labels, loaded.Test.Labels);
        Assert.Equal(archive.Length, reports[^1].Received);
        Assert.All(reports, report => Assert.Equal(archive.Length, report.Total));

        // Everything is in place: a second fetch makes no request.
        int requests = server.Requests.Count;
        await new Cifar10Downloader(http).FetchAsync(target, Source);
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task Dropped_download_resumes_from_the_partial_file_with_a_range_request()
    {
        using var http = new HttpClient();
        string target = Path.Combine(temp.Path, "cifar-10");
        server.CutFirstResponseAfter = archive.Length / 3;

        await Assert.ThrowsAnyAsync<Exception>(() => new Cifar10Downloader(http).FetchAsync(target, Source));
        long partial = new FileInfo(Path.Combine(target, "cifar.tar.gz.part")).Length;
        Assert.InRange(partial, 1, archive.Length - 1);

        await new Cifar10Downloader(http).FetchAsync(target, Source);

        Assert.Equal(new string?[] { null, $"bytes={partial}-" }, server.Requests.Select(request => request.Range));
        Assert.Equal(archive, File.ReadAllBytes(Path.Combine(target, "cifar.tar.gz")));
        Assert.Equal(dataset.Test.Pixels, Cifar10Reader.Load(target).Test.Pixels);
    }

    [Fact]
    public async Task Checksum_mismatch_deletes_the_download_and_says_so()
    {
        using var http = new HttpClient();
        string target = Path.Combine(temp.Path, "cifar-10");
        Cifar10Source wrong = Source with { Sha256 = new string('0', 64) };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new Cifar10Downloader(http).FetchAsync(target, wrong));

        Assert.Contains("checksums do not match", error.Message);
        Assert.Empty(Directory.GetFiles(target, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Archive_without_the_batch_files_is_refused()
    {
        byte[] empty = BuildArchive(null);
        using var other = new ArchiveServer(empty);
        using var http = new HttpClient();
        var source = new Cifar10Source(other.Url, empty.Length, Md5(empty), Hex(SHA256.HashData(empty)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new Cifar10Downloader(http).FetchAsync(Path.Combine(temp.Path, "c"), source));
        Assert.Contains("the archive lacks data_batch_1.bin", error.Message);
    }

    [Fact]
    public async Task Dataset_fetch_verb_downloads_into_the_data_folder()
    {
        string data = Path.Combine(temp.Path, "state");
        var (code, output, error) = await Cli.CommandLineTests.Run(
            "dataset", "fetch", "--data", data, "--url", server.Url.ToString(), "--size", archive.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--md5", Md5(archive), "--sha256", Hex(SHA256.HashData(archive)));

        Assert.True(code == 0, error);
        Assert.Contains("(100%)", output);
        Assert.Equal(25, Cifar10Reader.Load(Path.Combine(data, "cifar-10")).Train.Count);
    }

    /// <summary>A tar.gz shaped like the official one, plus members that must never be extracted.</summary>
    private static byte[] BuildArchive(Cifar10Dataset? dataset)
    {
        using var source = new TempFolder();
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            void Add(string name, byte[] content) =>
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });

            Add("../evil.txt", "escaped"u8.ToArray());
            Add($"{Cifar10Format.BatchFolder}/../../evil.txt", "escaped"u8.ToArray());
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"{Cifar10Format.BatchFolder}/link.bin") { LinkName = "/etc/passwd" });
            Add($"{Cifar10Format.BatchFolder}/extra.bin", new byte[Cifar10Format.RecordBytes]);
            if (dataset is not null)
            {
                string folder = Cifar10Writer.Write(source.Path, dataset);
                foreach (string name in Cifar10Format.DataFiles.Append(Cifar10Format.MetaFile))
                {
                    Add($"{Cifar10Format.BatchFolder}/{name}", File.ReadAllBytes(Path.Combine(folder, name)));
                }
            }
        }

        return buffer.ToArray();
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

#pragma warning disable CA5351 // MD5 is one of the two checksums the dataset's authors publish; SHA-256 is checked too.
    private static string Md5(byte[] content) => Hex(MD5.HashData(content));
#pragma warning restore CA5351

    private sealed class Collect(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }

    /// <summary>Serves one archive on 127.0.0.1 with range support; can cut its first response short.</summary>
    private sealed class ArchiveServer : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly byte[] content;
        private readonly Task loop;

        public ArchiveServer(byte[] content)
        {
            this.content = content;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/files/cifar.tar.gz");
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public long? CutFirstResponseAfter { get; set; }

        public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                string? range = context.Request.Headers["Range"];
                Requests.Enqueue((context.Request.Url!.AbsolutePath, range));
                HttpListenerResponse response = context.Response;
                long start = 0;
                if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                {
                    start = long.Parse(range[6..^1], System.Globalization.CultureInfo.InvariantCulture);
                    response.StatusCode = 206;
                    response.AddHeader("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}");
                }

                response.ContentLength64 = content.Length - start;
                try
                {
                    if (CutFirstResponseAfter is { } cut && Requests.Count == 1)
                    {
                        await response.OutputStream.WriteAsync(content.AsMemory((int)start, (int)cut));
                        await response.OutputStream.FlushAsync();
                        response.Abort();
                        continue;
                    }

                    await response.OutputStream.WriteAsync(content.AsMemory((int)start));
                    response.Close();
                }
                catch (HttpListenerException)
                {
                }
            }
        }
    }
}
