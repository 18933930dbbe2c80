public import Foundation
public import ParleyEngine
import ParleyUI

/// What the history subcommands share.
public enum HistoryFormat {
    /// The conversation `id` names, with store errors turned into exit statuses: 1 when there is
    /// no such conversation, 2 when the id is malformed or ambiguous (the user must type more).
    public static func transcript(_ id: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> ConversationTranscript {
        do {
            return try await CommandStore.open(environment: environment).transcript(idPrefix: id)
        } catch let error as StoreError {
            switch error {
            case .conversationNotFound, .messageNotFound:
                throw CommandFailure(status: ExitStatus.modelFailed, message: error.description)
            case .ambiguousConversationID, .invalidConversationID:
                throw CommandFailure.usage(error.description)
            }
        }
    }

    /// `2026-12-03 14:05`, local time.
    public static func time(_ date: Date) -> String {
        LocalZone.system.minuteStamp(date)
    }

    /// One safe line for a table cell: control characters made visible, cut at `limit`.
    public static func oneLine(_ text: String, limit: Int) -> String {
        let flat = TextSanitizer.makeVisible(text.split(whereSeparator: \.isNewline).joined(separator: " "),
                                             keepingNewlines: false)
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }
}
