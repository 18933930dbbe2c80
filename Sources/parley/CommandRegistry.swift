import ArgumentParser

/// Every subcommand, in the order `--help` lists them.
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
