/// The exit statuses every command uses.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let modelFailed: Int32 = 1
    public static let usage: Int32 = 2
    /// The database could not be opened or written: the answer (if any) was printed but is
    /// missing from the history or the usage ledger.
    public static let storage: Int32 = 3
    public static let interrupted: Int32 = 130
    /// The conversation is longer than the model's context and `--truncate` was not given.
    public static let contextTooLong: Int32 = 2
}
