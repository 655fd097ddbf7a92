using System.Runtime.InteropServices;
using Lepton.Build;
using TorchSharp;

namespace Lepton.Training.Training;

/// <summary>
/// The one door to TorchSharp's native code: makes sure the native glue can load on systems
/// with an older libstdc++ (ENVIRONMENT.md §2) before the first torch call, and sets threads.
/// </summary>
public static class TorchRuntime
{
    private const string NativeGlue = "libLibTorchSharp.so";
    private const string WeakVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();

    /// <summary>
    /// Held for a whole training run: torch's thread count and its global random generator (weight
    /// initialization, dropout) belong to the process, so two runs at once would make each other
    /// non-deterministic. Runs queue on it instead.
    /// </summary>
    internal static readonly object RunGate = new();
    private static bool loaded;

    /// <summary>
    /// Patches any unpatched copy of the native glue beside the application (the build normally did
    /// this already; this covers copies made by other tools), then loads TorchSharp once.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                foreach (string candidate in NativeGlueCandidates())
                {
                    TryPatch(candidate);
                }
            }

            torch.InitializeDeviceType(DeviceType.CPU);
            loaded = true;
        }
    }

    /// <summary>Sets the number of threads torch uses for intra-op parallelism.</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureLoaded();
        torch.set_num_threads(threads);
    }

    internal static IEnumerable<string> NativeGlueCandidates()
    {
        string baseDirectory = AppContext.BaseDirectory;
        string[] folders =
        [
            baseDirectory,
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native"),
            Path.Combine(baseDirectory, "cpu"),
        ];
        return folders.Select(folder => Path.Combine(folder, NativeGlue)).Where(File.Exists);
    }

    private static void TryPatch(string path)
    {
        try
        {
            ElfVersionNeedPatch.PatchFile(path, WeakVersion);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A read-only install keeps whatever the build produced; the load below reports any real failure.
        }
    }
}
