import ArgumentParser
import Dispatch
import Foundation
import ParleyApp
import ParleyGateway
import ParleyModel

/// `parley`: the full-screen chat with no subcommand, headless commands for scripts otherwise.
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A terminal chat client for large language models, behind any OpenAI-compatible gateway.",
        discussion: """
            With no subcommand, opens the full-screen chat. With no configuration at all, Parley runs on \
            its built-in demo gateway (a simulator, offline), so everything can be tried before adding a key.

            Model references are provider:model, e.g. openrouter:anthropic/claude-sonnet-4.6 or demo:fast.
            Exit status: 0 success, 1 the model(s) failed, 2 usage or configuration error, 3 the database could not be written (the answer is printed, not saved), 130 interrupted.
            """,
        version: ParleyVersion.current,
        subcommands: CommandRegistry.all,
        defaultSubcommand: ChatCommand.self
    )

    /// The command the arguments name. A parse through the root builds and checks the tree of
    /// every command and its arguments, which the Swift runtime pays for in type lookups at every
    /// start (a quarter of a one-line `ask`'s instructions, docs/performance.md). So the command
    /// a first argument names, or the chat when there is none or it is a flag, is parsed alone
    /// first; anything that parse does not take as it stands (it throws for help, `--version`,
    /// a completion script, an unknown flag, a mistake) is parsed again through the root, so
    /// messages, help and exit statuses are the root's. Commands with subcommands of their own
    /// always go through the root.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        // What only the root answers goes there at once (the parse alone would throw for it).
        let rootFlags: Set = ["--help", "-h", "--version", "--generate-completion-script", "--experimental-dump-help"]
        if arguments.contains(where: { rootFlags.contains($0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0) }) {
            return try parseAsRoot(arguments)
        }
        let named = arguments.first.flatMap { first in CommandRegistry.all.first { $0.configuration.commandName == first } }
        let command: any ParsableCommand.Type
        let rest: [String]
        if let named {
            (command, rest) = (named, Array(arguments.dropFirst()))
        } else if arguments.first.map({ $0.hasPrefix("-") }) ?? true {
            (command, rest) = (ChatCommand.self, arguments)
        } else {
            return try parseAsRoot(arguments)
        }
        if command.configuration.subcommands.isEmpty, let parsed = try? command.parse(rest) as any ParsableCommand {
            return parsed
        }
        return try parseAsRoot(arguments)
    }

    /// Maps argument-parser's usage errors to exit status 2, as the docs promise, and everything
    /// else to what the command chose.
    static func runAsRoot() async {
        Console.ignoreBrokenPipes()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.isEmpty {
                // `parley` alone, the chat with every default: most starts are this one, and
                // parsing no arguments still builds the parser's trees (a fifth of the start-up
                // before the first frame, docs/performance.md).
                try await ChatCommand.runWithDefaults()
            } else {
                var command = try parseCommand(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
            Console.flush()
        } catch let failure as CommandFailure {
            Console.flush()
            if !failure.message.isEmpty { Console.error(failure.message) }
            Foundation.exit(failure.status)
        } catch {
            Console.flush()
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The process's entry point: synchronous, so the main thread waits for the command instead of
/// leaving. An `async` main hands the main thread to `dispatch_main`, which ends it with
/// `pthread_exit`, and that unwinds the thread's stack through the unwind tables at every start
/// (half a megabyte of `.eh_frame_hdr` made resident, docs/performance.md). Nothing in Parley
/// runs on the main actor, so nothing waits for the main queue.
@main
enum ParleyMain {
    static func main() {
        StartupTrace.mark("process started")
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            await Parley.runAsRoot()
            finished.signal()
        }
        finished.wait()
    }
}
