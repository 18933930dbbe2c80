import Foundation
public import ParleyGateway
import GRDB

extension Store {
    /// Longest value kept: a theme path or a four-model chain fits many times over, and a row
    /// edited by hand cannot make the chat start with megabytes of model names.
    static let rememberedValueLimit = 4096
    static let rememberedChainLimit = 16

    /// Records `choice`, replacing what was remembered for it.
    public func remember(_ choice: RememberedChoice) async throws {
        let (key, value) = Self.row(for: choice)
        try await pool.write { db in
            if let value {
                try db.execute(sql: """
                    INSERT INTO remembered_choice (name, value, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, arguments: [key, value, Date().storedValue])
            } else {
                try db.execute(sql: "DELETE FROM remembered_choice WHERE name = ?", arguments: [key])
            }
        }
    }

    /// What was remembered. A row that does not read back (edited by hand, written by a later
    /// Parley) is skipped, never an error: it only means the chat starts on its defaults.
    public func rememberedChoices() async throws -> RememberedChoices {
        // Read on the writer's connection, which opening the store made: the chat reads this
        // before its first frame, and a pool's first read opens a reader connection, whose
        // set-up parses the whole schema (the chat's later reads open it beside the screen).
        let rows = try await pool.writeWithoutTransaction { db in
            try Row.fetchAll(db, sql: "SELECT name, value FROM remembered_choice")
                .compactMap { row -> (String, String)? in
                    guard let key = row["name"] as String?, let value = row["value"] as String? else { return nil }
                    return (key, value)
                }
        }
        var choices = RememberedChoices()
        for (key, value) in rows where !value.isEmpty && value.utf8.count <= Self.rememberedValueLimit {
            switch key {
            case "chain":
                guard let refs = try? JSONDecoder().decode([ModelRef].self, from: Data(value.utf8)),
                      refs.count <= Self.rememberedChainLimit,
                      refs.allSatisfy({ !$0.provider.isEmpty && !$0.model.isEmpty }) else { continue }
                choices.chain = refs
            case "route": choices.route = Route(argument: value)
            case "theme": choices.theme = value
            case "effort": choices.effort = ReasoningEffort(rawValue: value)
            case "role": choices.role = value
            default: continue
            }
        }
        return choices
    }

    private static func row(for choice: RememberedChoice) -> (key: String, value: String?) {
        func capped(_ text: String) -> String? {
            text.isEmpty || text.utf8.count > rememberedValueLimit ? nil : text
        }
        switch choice {
        case .chain(let refs):
            let kept = Array(refs.prefix(rememberedChainLimit))
            let json = (try? JSONEncoder().encode(kept)).map { String(decoding: $0, as: UTF8.self) }
            return ("chain", kept.isEmpty ? nil : json.flatMap(capped))
        case .route(let route): return ("route", route.rawValue)
        case .theme(let name): return ("theme", capped(name))
        case .effort(let effort): return ("effort", effort?.rawValue)
        case .role(let name): return ("role", name.flatMap(capped))
        }
    }
}

extension StoreSchema {
    static func registerRememberedChoices(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: remembered choices") { db in
            try db.execute(sql: """
                CREATE TABLE remembered_choice (
                    name       TEXT PRIMARY KEY,  -- chain, route, theme, effort
                    value      TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
    }
}
