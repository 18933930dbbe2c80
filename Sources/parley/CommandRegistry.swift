import ArgumentParser

/// Every subcommand, in the order `--help` lists them. Each command and subcommand names itself
/// (`commandName`): without one, ArgumentParser derives the name from `String(describing:)` of
/// the type, and the runtime's first description of each type scans every conformance record of
/// the binary. A parse through the root builds the whole tree, so seven unnamed subcommands were
/// an eighth of a one-line `ask`'s start-up (docs/performance.md).
enum CommandRegistry {
    static let all: [any ParsableCommand.Type] = [
        ChatCommand.self,
        AskCommand.self,
        CompareCommand.self,
        ModelsCommand.self,
        UsageCommand.self,
        HistoryCommand.self,
        ConfigCommand.self,
        SetupCommand.self,
        DoctorCommand.self,
        SimCommand.self,
        BenchCommand.self,
    ]
}

extension CommandConfiguration {
    /// The configuration of a command without subcommands, which `Parley.parseCommand` parses on
    /// its own before it asks the root.
    ///
    /// A command parsed as the root of its own parse first tries the arguments as
    /// `--generate-completion-script` twice — two more argument trees built, each through the
    /// runtime's type lookups, two thirds of the whole parse (docs/performance.md). A command
    /// that names a super-command skips that check (ArgumentParser's `_superCommandName`, meant
    /// for `git-foo`-style tools). Nothing else reads it unless the command is the root of the
    /// parse: under `parley` the root's name leads help and messages as before, and whatever the
    /// lone parse would have said is never shown (it throws, and the root parses again).
    func parsedAlone() -> CommandConfiguration {
        var configuration = self
        configuration._superCommandName = Parley.configuration.commandName
        return configuration
    }
}
