public import ParleyUI

/// The first screen's text.
public enum Welcome {
    /// `configPath` is where this run looks for its configuration (`PARLEY_HOME`, `--config`, …).
    public static func text(isDemo: Bool, keymap: Keymap, configPath: String) -> String {
        func keys(_ command: KeyCommand) -> String {
            keymap.keys(for: command).map(KeyBinding.describe).joined(separator: "/")
        }
        var lines = [
            "Welcome to Parley: one chat for every model behind your gateways.",
            "",
            "Enter sends · \(keys(.newline)) new line · \(keys(.nextModel)) next model · \(keys(.openPicker)) model picker",
            "\(keys(.toggleLog)) fallback log · \(keys(.cancel)) cancel · \(keys(.retry)) retry · \(keys(.help)) help · /help commands",
        ]
        if isDemo {
            lines += [
                "",
                "You are on the built-in demo gateway: simulated models, offline, free.",
                "demo:overloaded always answers 503: on it, the log below shows Parley retrying and",
                "falling back. Try /compare demo:fast demo:slow demo:premium, or the picker for more.",
                "",
                "To use real models, run `parley setup`, or write \(configPath)",
                "(see docs/getting-started.md) and set your key in an environment variable.",
            ]
        }
        return lines.joined(separator: "\n")
    }
}
