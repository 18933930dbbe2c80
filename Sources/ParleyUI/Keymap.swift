import Foundation

/// A named thing a key can do. Keys map to these (the `Keymap`), and the reducer runs them, so
/// decoding a key is separate from what it does (as in helix's keymaps). The raw value is the
/// name used in the config file's `[keys]` table.
public enum KeyCommand: String, Sendable, Hashable, CaseIterable {
    // Conversation
    case send, newline, interrupt, cancel, quit, retry
    // Models and panes
    case nextModel = "next_model", previousModel = "previous_model", openPicker = "model_picker"
    case toggleLog = "toggle_log", showUsage = "usage", help
    case toggleReasoning = "toggle_reasoning"
    // Scrolling the chat
    case scrollUp = "scroll_up", scrollDown = "scroll_down", scrollTop = "scroll_top", scrollBottom = "scroll_bottom"
    // Comparison panes
    case nextPane = "next_pane", previousPane = "previous_pane", zoomPane = "zoom_pane"
    case pickAnswer = "pick_answer", cancelPane = "cancel_pane"
    // Editing
    case wordLeft = "word_left", wordRight = "word_right", lineStart = "line_start", lineEnd = "line_end"
    case deleteWord = "delete_word", killToStart = "kill_to_start", killToEnd = "kill_to_end"

    /// What the command does, for the help overlay and docs/keys.md.
    public var summary: String {
        switch self {
        case .send: "send the message"
        case .newline: "insert a newline"
        case .interrupt: "cancel the answer in flight; twice when idle: quit"
        case .cancel: "cancel the answer in flight / close the overlay"
        case .quit: "quit"
        case .retry: "resend the last message to the current model"
        case .nextModel: "next favourite model"
        case .previousModel: "previous favourite model"
        case .openPicker: "model picker (search every model, mark a chain)"
        case .toggleLog: "show/hide the fallback log"
        case .toggleReasoning: "show every answer's thinking in full / fold it to one line"
        case .showUsage: "usage: tokens and cost per model"
        case .help: "this help"
        case .scrollUp: "scroll the chat up a page"
        case .scrollDown: "scroll the chat down a page"
        case .scrollTop: "scroll to the first message"
        case .scrollBottom: "scroll to the end and follow the answer"
        case .nextPane: "comparison: focus the next pane (when the input is empty)"
        case .previousPane: "comparison: focus the previous pane (when the input is empty)"
        case .zoomPane: "comparison: zoom the focused pane to full width and back"
        case .pickAnswer: "comparison: pick the focused answer as the reply"
        case .cancelPane: "comparison: stop the focused lane (no pane focused: every lane)"
        case .wordLeft: "cursor one word left"
        case .wordRight: "cursor one word right"
        case .lineStart: "cursor to line start"
        case .lineEnd: "cursor to line end"
        case .deleteWord: "delete the word before the cursor"
        case .killToStart: "delete to the line start"
        case .killToEnd: "delete to the line end"
        }
    }
}

/// Named commands bound to keys. Defaults live in one place (`Keymap.defaults`); the config can
/// rebind any command with key strings such as `"ctrl-n"`, `"f2"` or `"alt-enter"`.
public struct Keymap: Sendable, Hashable {
    public private(set) var bindings: [Key: KeyCommand]

    public init(bindings: [Key: KeyCommand]) {
        self.bindings = bindings
    }

    /// Defaults chosen to work inside tmux and screen: Ctrl letters tmux does not take by default
    /// (its prefix is Ctrl-B) and function keys as alternatives.
    public static let defaultBindings: [(KeyCommand, [Key])] = [
        (.send, [.enter]),
        (.newline, [.ctrl("j"), .altEnter]),
        (.interrupt, [.ctrl("c")]),
        (.cancel, [.escape]),
        (.quit, [.ctrl("q")]),
        (.retry, [.ctrl("r")]),
        (.nextModel, [.ctrl("n"), .function(2)]),
        (.previousModel, [.ctrl("p"), .function(14)]),   // Shift-F2 arrives as F14
        (.openPicker, [.ctrl("o"), .function(3)]),
        (.toggleLog, [.ctrl("l"), .function(4)]),
        (.toggleReasoning, [.ctrl("t"), .function(9)]),
        (.showUsage, [.function(5)]),
        (.help, [.function(1)]),
        (.scrollUp, [.pageUp]),
        (.scrollDown, [.pageDown]),
        (.scrollTop, [.ctrlHome]),
        (.scrollBottom, [.ctrlEnd]),
        (.nextPane, [.tab]),
        (.previousPane, [.backTab]),
        (.zoomPane, [.function(6)]),
        (.pickAnswer, [.function(7)]),
        (.cancelPane, [.function(8)]),
        (.wordLeft, [.ctrlLeft, .alt("b")]),
        (.wordRight, [.ctrlRight, .alt("f")]),
        (.lineStart, [.home, .ctrl("a")]),
        (.lineEnd, [.end, .ctrl("e")]),
        (.deleteWord, [.ctrl("w")]),
        (.killToStart, [.ctrl("u")]),
        (.killToEnd, [.ctrl("k")]),
    ]

    public static let defaults: Keymap = {
        var map: [Key: KeyCommand] = [:]
        for (command, keys) in defaultBindings { for key in keys { map[key] = command } }
        return Keymap(bindings: map)
    }()

    public func command(for key: Key) -> KeyCommand? { bindings[key] }

    /// The keys bound to a command, in a stable order for display.
    public func keys(for command: KeyCommand) -> [Key] {
        bindings.filter { $0.value == command }.map(\.key).sorted { KeyBinding.describe($0) < KeyBinding.describe($1) }
    }

    /// The key to mention in hints for a command: its first default key when still bound, else
    /// any bound key, shown as `Ctrl-J`.
    public func hint(for command: KeyCommand) -> String? {
        let bound = keys(for: command)
        let defaults = Keymap.defaultBindings.first { $0.0 == command }?.1 ?? []
        guard let key = defaults.first(where: bound.contains) ?? bound.first else { return nil }
        return KeyBinding.label(key)
    }

    /// Binds `command` to exactly `keys`, dropping its previous keys (and taking the keys from
    /// whatever they did before).
    public mutating func rebind(_ command: KeyCommand, to keys: [Key]) {
        bindings = bindings.filter { $0.value != command }
        for key in keys { bindings[key] = command }
    }

    /// Applies config overrides (`command name → key strings`). Returns the messages for names
    /// or keys it did not understand, so the caller can report them.
    public mutating func apply(overrides: [String: [String]]) -> [String] {
        var problems: [String] = []
        for (name, keyTexts) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let command = KeyCommand(rawValue: name.replacingOccurrences(of: "-", with: "_")) else {
                problems.append("unknown key command \"\(name)\"")
                continue
            }
            var keys: [Key] = []
            for text in keyTexts {
                if let key = KeyBinding.parse(text) { keys.append(key) } else { problems.append("unknown key \"\(text)\" for \(name)") }
            }
            rebind(command, to: keys)
        }
        return problems
    }
}

/// Key strings as config files and docs write them: `ctrl-n`, `alt-b`, `f2`, `shift-f2`,
/// `alt-enter`, `pgup`, `?`.
public enum KeyBinding {
    static let named: [String: Key] = [
        "enter": .enter, "return": .enter, "alt-enter": .altEnter, "tab": .tab, "backtab": .backTab,
        "shift-tab": .backTab, "backspace": .backspace, "delete": .delete, "del": .delete,
        "escape": .escape, "esc": .escape, "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end, "pageup": .pageUp, "pgup": .pageUp, "pagedown": .pageDown,
        "pgdn": .pageDown, "insert": .insert, "ctrl-left": .ctrlLeft, "ctrl-right": .ctrlRight,
        "ctrl-up": .ctrlUp, "ctrl-down": .ctrlDown, "ctrl-home": .ctrlHome, "ctrl-end": .ctrlEnd,
        "space": .character(" "),
    ]

    /// Parses a key string; nil when it names no key.
    public static func parse(_ text: String) -> Key? {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        if text.trimmingCharacters(in: .whitespaces).count == 1 { return .character(Character(text.trimmingCharacters(in: .whitespaces))) }
        for (long, short) in [("control", "ctrl"), ("meta", "alt")] { t = t.replacingOccurrences(of: long, with: short) }
        t = t.replacingOccurrences(of: "+", with: "-")
        for (prefix, full) in [("c-", "ctrl-"), ("m-", "alt-"), ("a-", "alt-"), ("s-", "shift-")] where t.hasPrefix(prefix) {
            t = full + t.dropFirst(prefix.count)
        }
        if let key = named[t] { return key }
        if t.hasPrefix("f"), let n = Int(t.dropFirst()), (1...24).contains(n) { return .function(n) }
        if t.hasPrefix("shift-f"), let n = Int(t.dropFirst(7)), (1...12).contains(n) { return .function(n + 12) }
        if t.hasPrefix("ctrl-"), t.count == 6, let c = t.last, c.isLetter { return .ctrl(c) }
        if t.hasPrefix("alt-"), t.count == 5, let c = t.last { return .alt(c) }
        return nil
    }

    /// The key as prose writes it: `Ctrl-J`, `Shift-F2`, `Enter`.
    public static func label(_ key: Key) -> String {
        if case .character(let c) = key, c != " " { return String(c) }
        return describe(key).split(separator: "-").map { part in
            part.count == 1 ? part.uppercased() : part.prefix(1).uppercased() + part.dropFirst()
        }.joined(separator: "-")
    }

    /// The key as the help overlay shows it, in the form `parse` accepts.
    public static func describe(_ key: Key) -> String {
        switch key {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .alt(let c): return "alt-\(c)"
        case .function(let n): return n > 12 && n <= 24 ? "shift-f\(n - 12)" : "f\(n)"
        default:
            return named.first { $0.value == key && ["enter", "alt-enter", "tab", "backtab", "backspace", "delete",
                "escape", "up", "down", "left", "right", "home", "end", "pgup", "pgdn", "insert", "ctrl-left",
                "ctrl-right", "ctrl-up", "ctrl-down", "ctrl-home", "ctrl-end"].contains($0.key) }?.key ?? "?"
        }
    }
}
