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

    /// The prompt of a headless command: the argument, or stdin when it is absent or `-`.
    static func prompt(_ argument: String?) throws -> String {
        if let argument, argument != "-" { return argument }
        if stdinIsTerminal {
            throw CommandFailure.usage("no prompt: give it as an argument or pipe it on stdin")
        }
        let text = readStandardInput()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure.usage("the prompt on stdin is empty")
        }
        return text
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
