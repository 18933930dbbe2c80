/// Where a key is read: each context has its own bindings, so the reducer runs named commands
/// and holds no table of keys of its own (as helix has a keymap per mode).
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    /// Typing a message: the chat's commands and the editing keys.
    case chat
    /// A comparison on screen and nothing typed: these keys come before the chat's.
    case pane
    /// The model picker (typed characters search).
    case picker
    /// Help and usage.
    case overlay
    /// The /history list (typed characters filter it, as in the picker).
    case history
    /// The /search results (typed characters edit the query).
    case search
}

/// Named commands bound to keys, per context. Defaults live in one place
/// (`Keymap.defaultBindings`); the config can rebind any command with key strings such as
/// `"ctrl-n"`, `"f2"` or `"alt-enter"`.
public struct Keymap: Sendable, Hashable {
    public private(set) var contexts: [KeyContext: [Key: KeyCommand]]

    /// The chat's bindings.
    public var bindings: [Key: KeyCommand] { contexts[.chat] ?? [:] }

    /// `bindings` for the chat; every other context keeps its defaults.
    public init(bindings: [Key: KeyCommand]) {
        self = .defaults
        contexts[.chat] = bindings
    }

    private init(contexts: [KeyContext: [Key: KeyCommand]]) {
        self.contexts = contexts
    }

    /// Moving through a list (the picker's models, the history's conversations). The help and
    /// usage overlays also page down with Space, which the picker uses to mark and the history
    /// types into its filter.
    private static let listMovement: [(KeyCommand, [Key])] = [
            (.moveUp, [.up, .ctrl("p")]),
            (.moveDown, [.down, .ctrl("n")]),
            (.scrollUp, [.pageUp]),
            (.scrollDown, [.pageDown]),
            (.scrollTop, [.home, .ctrlHome]),
            (.scrollBottom, [.end, .ctrlEnd]),
    ]

    /// Defaults chosen to work inside tmux and screen: Ctrl letters tmux does not take by default
    /// (its prefix is Ctrl-B) and function keys as alternatives.
    public static let defaultBindings: [KeyContext: [(KeyCommand, [Key])]] = [
        .chat: [
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
            (.openEditor, [.ctrl("g"), .alt("e")]),
            (.copyAnswer, [.alt("c")]),
            (.previousBranch, [.alt(",")]),
            (.nextBranch, [.alt(".")]),
            (.openSearch, [.ctrl("s"), .function(10)]),   // raw mode: Ctrl-S is no XOFF
            (.showUsage, [.function(5)]),
            (.help, [.function(1)]),
            (.scrollUp, [.pageUp]),
            (.scrollDown, [.pageDown]),
            (.scrollTop, [.ctrlHome]),
            (.scrollBottom, [.ctrlEnd]),
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
            (.cursorLeft, [.left, .ctrl("b")]),
            (.cursorRight, [.right, .ctrl("f")]),
            (.moveUp, [.up]),
            (.moveDown, [.down]),
            (.deleteBackward, [.backspace]),   // Ctrl-H arrives as Backspace
            (.deleteForward, [.delete, .ctrl("d")]),
            (.indent, [.tab]),
        ],
        .pane: [
            (.nextPane, [.tab]),
            (.previousPane, [.backTab]),
            (.pickAnswer, [.enter]),
        ],
        .picker: listMovement + [
            (.mark, [.character(" "), .tab]),
            (.choose, [.enter]),
            (.compareMarked, [.ctrl("x")]),
            (.deleteBackward, [.backspace]),   // Ctrl-H arrives as Backspace
            (.clearQuery, [.ctrl("u"), .ctrl("w")]),
            (.close, [.escape, .ctrl("c"), .ctrl("o"), .function(3)]),
            (.quit, [.ctrl("q")]),
        ],
        .overlay: [
            (.moveUp, [.up, .ctrl("p")]),
            (.moveDown, [.down, .ctrl("n")]),
            (.scrollUp, [.pageUp]),
            (.scrollDown, [.pageDown, .character(" ")]),
            (.scrollTop, [.home, .ctrlHome]),
            (.scrollBottom, [.end, .ctrlEnd]),
            (.choose, [.enter]),
            (.close, [.escape, .ctrl("c"), .character("q")]),
            (.quit, [.ctrl("q")]),
        ],
        .history: listMovement + [
            (.choose, [.enter]),
            (.deleteConversation, [.ctrl("d"), .delete]),
            (.renameConversation, [.ctrl("r"), .function(2)]),
            (.deleteBackward, [.backspace]),   // Ctrl-H arrives as Backspace
            (.clearQuery, [.ctrl("u"), .ctrl("w")]),
            (.close, [.escape, .ctrl("c")]),
            (.quit, [.ctrl("q")]),
        ],
        .search: listMovement + [
            (.choose, [.enter]),
            (.deleteBackward, [.backspace]),   // Ctrl-H arrives as Backspace
            (.clearQuery, [.ctrl("u"), .ctrl("w")]),
            (.close, [.escape, .ctrl("c"), .ctrl("s"), .function(10)]),
            (.quit, [.ctrl("q")]),
        ],
    ]

    public static let defaults: Keymap = {
        var contexts: [KeyContext: [Key: KeyCommand]] = [:]
        for context in KeyContext.allCases {
            var map: [Key: KeyCommand] = [:]
            for (command, keys) in defaultBindings[context] ?? [] { for key in keys { map[key] = command } }
            contexts[context] = map
        }
        return Keymap(contexts: contexts)
    }()

    /// The command `key` runs in `context`; the pane context falls back to the chat's keys.
    public func command(for key: Key, in context: KeyContext = .chat) -> KeyCommand? {
        if let command = contexts[context]?[key] { return command }
        return context == .pane ? contexts[.chat]?[key] : nil
    }

    /// The keys bound to a command in a context (nil: the chat and the pane context, what the
    /// chat's help and hints show), in a stable order for display.
    public func keys(for command: KeyCommand, in context: KeyContext? = nil) -> [Key] {
        let searched = context.map { [$0] } ?? [.chat, .pane]
        var keys: [Key] = []
        for context in searched {
            for (key, bound) in contexts[context] ?? [:] where bound == command && !keys.contains(key) { keys.append(key) }
        }
        return keys.sorted { KeyBinding.describe($0) < KeyBinding.describe($1) }
    }

    /// The key to mention in hints for a command: its first default key when still bound, else
    /// any bound key, shown as `Ctrl-J`.
    public func hint(for command: KeyCommand, in context: KeyContext? = nil) -> String? {
        let bound = keys(for: command, in: context)
        let defaults = (context.map { [$0] } ?? [.chat, .pane])
            .flatMap { Keymap.defaultBindings[$0] ?? [] }.filter { $0.0 == command }.flatMap(\.1)
        guard let key = defaults.first(where: bound.contains) ?? bound.first else { return nil }
        return KeyBinding.label(key)
    }

    /// The contexts a command is bound in by default (the chat for one bound nowhere).
    static func homeContexts(of command: KeyCommand) -> [KeyContext] {
        let homes = KeyContext.allCases.filter { context in defaultBindings[context]?.contains { $0.0 == command } == true }
        return homes.isEmpty ? [.chat] : homes
    }

    /// Binds `command` to exactly `keys` in `contexts` (default: where it is bound by default),
    /// dropping its previous keys there (and taking the keys from whatever they did before).
    public mutating func rebind(_ command: KeyCommand, to keys: [Key], in contexts: [KeyContext]? = nil) {
        for context in contexts ?? Self.homeContexts(of: command) {
            var map = (self.contexts[context] ?? [:]).filter { $0.value != command }
            for key in keys { map[key] = command }
            self.contexts[context] = map
        }
    }

    /// Applies config overrides (`command name → key strings`); a name may start with a
    /// context (`picker.move_up`), else it rebinds the command where it is bound by default.
    /// Returns the messages for names or keys it did not understand, so the caller can report them.
    public mutating func apply(overrides: [String: [String]]) -> [String] {
        var problems: [String] = []
        for (name, keyTexts) in overrides.sorted(by: { $0.key < $1.key }) {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let context = parts.count == 2 ? KeyContext(rawValue: parts[0]) : nil
            if parts.count == 2, context == nil {
                problems.append("unknown key context \"\(parts[0])\" in \"\(name)\" (chat, pane, picker, overlay, history or search)")
                continue
            }
            let commandName = (parts.last ?? name).replacing("-", with: "_")
            guard let command = KeyCommand(rawValue: commandName) else {
                problems.append("unknown key command \"\(name)\"")
                continue
            }
            var keys: [Key] = []
            for text in keyTexts {
                if let key = KeyBinding.parse(text) { keys.append(key) } else { problems.append("unknown key \"\(text)\" for \(name)") }
            }
            rebind(command, to: keys, in: context.map { [$0] })
        }
        return problems
    }
}
