import Foundation

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
