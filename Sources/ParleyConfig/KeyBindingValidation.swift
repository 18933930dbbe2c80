import ParleyUI

/// Checks `[keys]` against the UI's own vocabulary (`KeyCommand` names, `KeyBinding.parse`),
/// so a typo is reported with its line at load time rather than ignored in the TUI.
enum KeyBindingValidation {
    /// Command names as the file may write them (`next_model`; `next-model` is accepted too).
    static var commandNames: [String] { ParleyUI.KeyCommand.allCases.map(\.rawValue) }

    static func isCommand(_ name: String) -> Bool {
        ParleyUI.KeyCommand(rawValue: name.replacingOccurrences(of: "-", with: "_")) != nil
    }

    static func isKey(_ text: String) -> Bool {
        KeyBinding.parse(text) != nil
    }

    static let examples = "\"ctrl-n\", \"alt-b\", \"f2\", \"shift-f2\", \"alt-enter\", \"pgup\""
}
