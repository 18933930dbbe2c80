import ArgumentParser

/// Every subcommand, in the order `--help` lists them.
enum CommandRegistry {
    static let all: [any ParsableCommand.Type] = [
        AskCommand.self,
        ModelsCommand.self,
        SimCommand.self,
    ]
}
