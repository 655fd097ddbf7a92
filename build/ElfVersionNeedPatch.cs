// Marks one symbol-version need of an ELF64 shared library as weak, so the dynamic loader
// only warns when the running system lacks that version instead of refusing to load.
//
// Why: TorchSharp-cpu 0.107's libLibTorchSharp.so was linked with GCC 13 and lists
// GLIBCXX_3.4.32 as a need, but the only symbol bound to it (std::ios_base_library_init)
// is a link-time marker that is never called. Debian 12 / Ubuntu 22.04 ship up to
// GLIBCXX_3.4.30, so the unpatched library fails to load there.
//
// This one file is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/TorchSharpNativePatch.targets,
// which includes the task class below) and into Lepton.Training (which defines LEPTON_TRAINING and
// uses the patcher as a run-time guard before TorchSharp's first load).
namespace Lepton.Build
{
    using System;
    using System.IO;
    using System.Text;

    public enum ElfPatchOutcome
    {
        NotElf64LittleEndian,
        NeedAbsent,
        AlreadyWeak,
        Patched,
    }

    public static class ElfVersionNeedPatch
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>Finds the Vernaux entry named <paramref name="versionName"/>; returns its flags' file offset or -1.</summary>
        public static ElfPatchOutcome Inspect(byte[] image, string versionName, out long flagsOffset)
        {
            flagsOffset = -1;
            if (image.Length < 64 || image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
                || image[4] != 2 /* ELFCLASS64 */ || image[5] != 1 /* little-endian */)
            {
                return ElfPatchOutcome.NotElf64LittleEndian;
            }

            long sectionHeaders = (long)ReadU64(image, 0x28);
            int sectionHeaderSize = ReadU16(image, 0x3A);
            int sectionCount = ReadU16(image, 0x3C);
            for (int i = 0; i < sectionCount; i++)
            {
                long header = sectionHeaders + ((long)i * sectionHeaderSize);
                if (ReadU32(image, header + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                long needs = (long)ReadU64(image, header + 24);
                uint stringTableIndex = ReadU32(image, header + 40);
                uint needCount = ReadU32(image, header + 44);
                long strings = (long)ReadU64(image, sectionHeaders + ((long)stringTableIndex * sectionHeaderSize) + 24);

                long need = needs;
                for (uint n = 0; n < needCount; n++)
                {
                    int auxCount = ReadU16(image, need + 2);
                    long aux = need + ReadU32(image, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        string name = ReadCString(image, strings + ReadU32(image, aux + 8));
                        if (name == versionName)
                        {
                            flagsOffset = aux + 4;
                            return (ReadU16(image, aux + 4) & VerFlgWeak) != 0 ? ElfPatchOutcome.AlreadyWeak : ElfPatchOutcome.Patched;
                        }

                        aux += ReadU32(image, aux + 12);
                    }

                    need += ReadU32(image, need + 12);
                }
            }

            return ElfPatchOutcome.NeedAbsent;
        }

        /// <summary>
        /// Patches the file in place (through a temporary file and a rename, so a hard link into a
        /// package cache is never written through) and keeps its timestamp so incremental copies
        /// do not overwrite it again. Idempotent.
        /// </summary>
        public static ElfPatchOutcome PatchFile(string path, string versionName)
        {
            byte[] image = File.ReadAllBytes(path);
            ElfPatchOutcome outcome = Inspect(image, versionName, out long flagsOffset);
            if (outcome != ElfPatchOutcome.Patched)
            {
                return outcome;
            }

            ushort flags = (ushort)(ReadU16(image, flagsOffset) | VerFlgWeak);
            DateTime lastWrite = File.GetLastWriteTimeUtc(path);
            string temporary = path + ".weak-" + Guid.NewGuid().ToString("N");
            try
            {
                // Copy first so the file mode carries over (netstandard2.0, which the inline task compiles against, cannot set it).
                File.Copy(path, temporary, overwrite: true);
                using (FileStream stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
                {
                    stream.Position = flagsOffset;
                    stream.WriteByte((byte)(flags & 0xFF));
                    stream.WriteByte((byte)(flags >> 8));
                }

                File.SetLastWriteTimeUtc(temporary, lastWrite);
                File.Replace(temporary, path, null);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }

            return ElfPatchOutcome.Patched;
        }

        private static void Check(byte[] image, long offset, int length)
        {
            if (offset < 0 || offset + length > image.Length)
            {
                throw new InvalidDataException("ELF structure points outside the file at offset " + offset + ".");
            }
        }

        private static ushort ReadU16(byte[] image, long offset)
        {
            Check(image, offset, 2);
            return (ushort)(image[offset] | (image[offset + 1] << 8));
        }

        private static uint ReadU32(byte[] image, long offset)
        {
            Check(image, offset, 4);
            return BitConverter.ToUInt32(image, (int)offset);
        }

        private static ulong ReadU64(byte[] image, long offset)
        {
            Check(image, offset, 8);
            return BitConverter.ToUInt64(image, (int)offset);
        }

        private static string ReadCString(byte[] image, long offset)
        {
            Check(image, offset, 1);
            long end = offset;
            while (end < image.Length && image[end] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(image, (int)offset, (int)(end - offset));
        }
    }

#if !LEPTON_TRAINING
    /// <summary>MSBuild task: applies <see cref="ElfVersionNeedPatch"/> to every given file.</summary>
    public sealed class MarkElfVersionNeedWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = string.Empty;

        public override bool Execute()
        {
            foreach (Microsoft.Build.Framework.ITaskItem file in Files)
            {
                string path = file.GetMetadata("FullPath");
                try
                {
                    ElfPatchOutcome outcome = ElfVersionNeedPatch.PatchFile(path, VersionName);
                    Log.LogMessage(
                        outcome == ElfPatchOutcome.Patched ? Microsoft.Build.Framework.MessageImportance.Normal : Microsoft.Build.Framework.MessageImportance.Low,
                        "TorchSharp native patch: {0}: {1} ({2})", path, outcome, VersionName);
                }
                catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is InvalidDataException)
                {
                    Log.LogError("TorchSharp native patch failed for {0}: {1}", path, exception.Message);
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
