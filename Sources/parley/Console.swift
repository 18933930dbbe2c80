import Foundation

/// Writing to the terminal streams: answers on stdout, everything else on stderr.
enum Console {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    static let stdinIsTerminal = isatty(STDIN_FILENO) == 1

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One line on stderr, prefixed `parley: `.
    static func error(_ text: String) {
        err("parley: \(text)\n")
    }

    /// Reads all of stdin as UTF-8.
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// A failure that ends a command with a given status after printing its message on stderr.
struct CommandFailure: Error, CustomStringConvertible {
    var status: Int32
    var message: String

    var description: String { message }

    static func usage(_ message: String) -> CommandFailure { CommandFailure(status: ExitStatus.usage, message: message) }
}
