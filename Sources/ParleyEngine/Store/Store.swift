public import Foundation
import GRDB
import GRDBSQLite

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
    /// A `DatabasePool` for read-write use; for `openForReading` possibly a read-only queue.
    let pool: any DatabaseWriter
    /// Set when opened by `openForReading`: every write fails with SQLite's read-only error.
    public let isReadOnly: Bool

    /// Opens (creating the file and its directories if needed) and migrates the database at `url`.
    public init(url: URL) throws {
        // Conversations are private: a new directory and database file are owner-only (SQLite
        // gives its -wal and -shm files the database file's permissions).
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "parley"
        configuration.prepareDatabase { db in Self.keepWriteAheadLog(db) }
        self.url = url
        let pool = try DatabasePool(path: url.path, configuration: configuration)
        try Self.migrate(pool)
        self.pool = pool
        self.isReadOnly = false
    }

    private init(url: URL, readOnlyWriter: any DatabaseWriter) {
        self.url = url
        self.pool = readOnlyWriter
        self.isReadOnly = true
    }

    /// Opens the database for commands that only read (`history`, `usage`): read-only, with no
    /// migration, so they work on a database that is read-only (file or directory) or locked by
    /// another process's write. A file that does not exist yet is created as `init(url:)` does;
    /// a database an older Parley wrote is migrated first when that is possible.
    public static func openForReading(url: URL) throws -> Store {
        if !FileManager.default.fileExists(atPath: url.path) { return try Store(url: url) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "parley-read"
        let writer: any DatabaseWriter
        do {
            writer = try DatabasePool(path: url.path, configuration: configuration)
        } catch {
            // A pool needs the WAL index; a queue can still read a database whose directory
            // forbids creating it.
            writer = try DatabaseQueue(path: url.path, configuration: configuration)
        }
        let applied = try writer.read { db in try StoreSchema.migrator.hasCompletedMigrations(db) }
        if !applied, let migrated = try? Store(url: url) { return migrated }
        return Store(url: url, readOnlyWriter: writer)
    }

    /// Keeps the `-wal` and `-shm` files when the last connection closes (SQLite's persistent
    /// WAL), instead of deleting them.
    ///
    /// A `DatabasePool` that opens a database without a non-empty `-wal` file creates and drops
    /// a table to make one (GRDB issue 102), and SQLite syncs the new file and its directory:
    /// a write transaction and two `fdatasync`s at every start of every command, a few
    /// milliseconds on a slow disk before the chat's first frame. Kept, the log is reused: SQLite
    /// still checkpoints it into the database as before, and it is never larger than the
    /// largest run of writes between two checkpoints (a thousand pages, about 4 MB).
    static func keepWriteAheadLog(_ db: Database) {
        var persist: Int32 = 1
        _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
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
        migrator.registerMigration("v3: reasoning, usage details and cache prices") { db in
            // NULL where the server did not say (and for every row written before).
            try db.execute(sql: """
                ALTER TABLE ledger ADD COLUMN cached_tokens INTEGER;
                ALTER TABLE ledger ADD COLUMN cache_write_tokens INTEGER;
                ALTER TABLE ledger ADD COLUMN reasoning_tokens INTEGER;
                ALTER TABLE ledger ADD COLUMN ttfa_seconds REAL;  -- time to the first answer text
                ALTER TABLE message ADD COLUMN reasoning TEXT;    -- the model's thinking, never re-sent
                ALTER TABLE model_catalogue ADD COLUMN cache_read_price_per_million REAL;
                ALTER TABLE model_catalogue ADD COLUMN cache_write_price_per_million REAL;
                ALTER TABLE model_catalogue ADD COLUMN supports_reasoning INTEGER NOT NULL DEFAULT 0;
                """)
        }
        registerRememberedChoices(in: &migrator)
        registerMessageSearch(in: &migrator)
        Store.registerMessageTree(in: &migrator)
        migrator.registerMigration("v7: catalogue context kind and image input") { db in
            // 1 where the context length is the trained one (llama.cpp's n_ctx_train); NULL
            // image input where the catalogue does not say.
            try db.execute(sql: """
                ALTER TABLE model_catalogue ADD COLUMN context_is_trained INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE model_catalogue ADD COLUMN accepts_images INTEGER;
                """)
        }
        migrator.registerMigration("v8: answers left streaming") { db in
            // Every start looks for answers a killed process left streaming
            // (`recoverInterruptedMessages`): without an index that read the whole message
            // table, the conversations' text included, before the chat's first frame.
            try db.execute(sql: """
                CREATE INDEX message_streaming ON message(updated_at) WHERE status = 'streaming';
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
