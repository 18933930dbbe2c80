public import ParleyEngine
public import ParleyUI

/// How headless commands meet the engine's turn: its refusals and outcomes as exit statuses.
public enum HeadlessTurn {
    public static let output = HeadlessOutput(out: { Console.out($0) }, err: { Console.err($0) },
                                       stdoutIsTerminal: Console.stdoutIsTerminal,
                                       stderrIsTerminal: Console.stderrIsTerminal,
                                       streamOut: { Console.outStreaming($0) }, flush: { Console.flush() })

    /// Begins a turn; a refusal ends the command (budget: 1, storage: 3) with its reason.
    public static func begin(_ turn: ConversationTurn, _ request: ConversationTurn.Request) async throws -> OpenTurn {
        do {
            return try await turn.begin(request)
        } catch {
            if case .storage = error { throw CommandFailure(status: ExitStatus.storage, message: error.description) }
            throw CommandFailure(status: ExitStatus.modelFailed, message: error.description)
        }
    }

    /// A failed write turns success into the storage status; a model failure or an interrupt
    /// says more, so it wins.
    public static func exitStatus(_ outcome: HeadlessOutcome, storageFailed: Bool) throws -> Int32 {
        switch outcome {
        case .interrupted: throw CommandFailure(status: ExitStatus.interrupted, message: "interrupted")
        case .everyModelFailed: return ExitStatus.modelFailed
        case .answered: return storageFailed ? ExitStatus.storage : ExitStatus.success
        }
    }
}
