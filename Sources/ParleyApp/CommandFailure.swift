/// A failure that ends a command with a given status after printing its message on stderr: what
/// the app module's functions throw, and what the executable's `main` turns into the exit status.
public struct CommandFailure: Error, CustomStringConvertible {
    public var status: Int32
    public var message: String

    public init(status: Int32, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    public static func usage(_ message: String) -> CommandFailure { CommandFailure(status: ExitStatus.usage, message: message) }
}
