public import Foundation
import GRDB

/// Parley's persistent store: conversations, messages, the usage ledger and the model catalogue
/// cache, in one SQLite file in WAL mode.
///
/// A `DatabasePool` (WAL, one writer and concurrent readers) with a busy timeout, so two Parley
/// processes can use the same file at once: a writer that finds the file locked waits instead of
/// failing. GRDB begins write transactions as IMMEDIATE, which keeps the busy timeout effective
/// (a DEFERRED transaction upgrading to a write could fail with SQLITE_BUSY without waiting).
public final class Store: Sendable {
    /// How long a write waits for another process holding the lock before giving up.
    public static let busyTimeout: TimeInterval = 10

    public let url: URL
    let pool: DatabasePool

    /// Opens (creating the file and its directories if needed) and migrates the database at `url`.
    public init(url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "parley"
        self.url = url
        self.pool = try DatabasePool(path: url.path, configuration: configuration)
        try Self.migrate(pool)
    }

    /// Runs the migrations, tolerating another process running them at the same moment.
    ///
    /// GRDB's migrator reads which migrations are applied before its write transaction, so two
    /// processes opening a new file together can both try the same migration; the loser's
    /// transaction fails and rolls back. Trying again then finds it applied.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreSchema.migrator
        for attempt in 1... {
            do {
                try migrator.migrate(pool)
                return
            } catch where attempt < 3 {
                continue
            }
        }
    }

    /// The database location from the environment (see `StorePaths`).
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        StorePaths.databaseURL(environment: environment)
    }

    /// A fresh id for conversations and messages.
    public static func newID() -> String {
        UUID().uuidString.lowercased()
    }
}

/// The schema, as a list of migrations. Never edit a shipped migration: add a new one, so
/// databases created by older versions upgrade in place.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: conversations, messages, ledger, catalogue") { db in
            try db.execute(sql: """
                CREATE TABLE conversation (
                    id            TEXT PRIMARY KEY NOT NULL,
                    title         TEXT NOT NULL,
                    system_prompt TEXT,
                    created_at    REAL NOT NULL,   -- Unix seconds
                    updated_at    REAL NOT NULL
                );

                CREATE TABLE message (
                    id               TEXT PRIMARY KEY NOT NULL,
                    conversation_id  TEXT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
                    role             TEXT NOT NULL,
                    content          TEXT NOT NULL,
                    model            TEXT,         -- provider:model of the answering model
                    status           TEXT NOT NULL CHECK (status IN ('complete', 'partial', 'failed', 'streaming')),
                    error            TEXT,
                    comparison_group TEXT,
                    lane             INTEGER,
                    created_at       REAL NOT NULL,
                    updated_at       REAL NOT NULL
                );
                CREATE INDEX message_by_conversation ON message(conversation_id, created_at);

                -- One row per attempt. Kept when a conversation is deleted: money spent stays spent.
                CREATE TABLE ledger (
                    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                    time                REAL NOT NULL,
                    conversation_id     TEXT REFERENCES conversation(id) ON DELETE SET NULL,
                    request_id          TEXT,
                    lane                INTEGER NOT NULL DEFAULT 0,
                    attempt             INTEGER NOT NULL DEFAULT 1,
                    model               TEXT NOT NULL,   -- provider:model
                    provider            TEXT NOT NULL,
                    route               TEXT,
                    prompt_tokens       INTEGER NOT NULL,
                    completion_tokens   INTEGER NOT NULL,
                    tokens_estimated    INTEGER NOT NULL,
                    cost_usd            REAL,            -- NULL: price unknown
                    ttft_seconds        REAL,
                    duration_seconds    REAL NOT NULL,
                    outcome             TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'cancelled')),
                    error_kind          TEXT,
                    http_status         INTEGER,
                    message_id          TEXT REFERENCES message(id) ON DELETE SET NULL
                );
                CREATE INDEX ledger_by_time ON ledger(time);
                CREATE INDEX ledger_by_conversation ON ledger(conversation_id);
                CREATE INDEX ledger_by_model ON ledger(model, outcome, time);

                CREATE TABLE model_catalogue (
                    provider                     TEXT NOT NULL,
                    model_id                     TEXT NOT NULL,
                    name                         TEXT,
                    context_length               INTEGER,
                    prompt_price_per_million     REAL,
                    completion_price_per_million REAL,
                    fetched_at                   REAL NOT NULL,
                    PRIMARY KEY (provider, model_id)
                );
                """)
        }
        migrator.registerMigration("v2: the answer picked from a comparison") { db in
            // NULL for ordinary answers and for comparisons nobody picked from yet.
            try db.execute(sql: """
                ALTER TABLE message ADD COLUMN choice TEXT CHECK (choice IN ('picked', 'alternative'));
                CREATE INDEX message_by_comparison ON message(comparison_group) WHERE comparison_group IS NOT NULL;
                """)
        }
        return migrator
    }
}

// Dates are stored as Unix seconds (REAL): sortable, compact and free of time-zone formatting.
extension Date {
    var storedValue: Double { timeIntervalSince1970 }
    init(storedValue: Double) { self.init(timeIntervalSince1970: storedValue) }
}
