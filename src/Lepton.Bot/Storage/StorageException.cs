namespace Lepton.Bot.Storage;

/// <summary>A storage problem the operator must fix (a changed migration, a file that is not a database).
/// The message is one line that names the file.</summary>
public sealed class StorageException : Exception
{
    public StorageException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public StorageException()
    {
    }

    public StorageException(string message) : base(message)
    {
    }
}
