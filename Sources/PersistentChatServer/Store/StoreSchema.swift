import GRDB

/// The SQLite schema, as ordered migrations.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: categories, rooms, roles, messages") { db in
            try db.execute(sql: """
                CREATE TABLE server_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE categories (
                    id INTEGER PRIMARY KEY,
                    guid TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    description TEXT NOT NULL DEFAULT '',
                    invitations INTEGER NOT NULL DEFAULT 1,
                    file_upload INTEGER NOT NULL DEFAULT 1,
                    history INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE category_principals (
                    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('scope', 'creator')),
                    principal TEXT NOT NULL,
                    PRIMARY KEY (category_id, kind, principal)
                );
                CREATE TABLE rooms (
                    id INTEGER PRIMARY KEY,
                    guid TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    description TEXT NOT NULL DEFAULT '',
                    category_id INTEGER NOT NULL REFERENCES categories(id),
                    privacy TEXT NOT NULL CHECK (privacy IN ('open', 'closed', 'secret')),
                    behavior TEXT NOT NULL CHECK (behavior IN ('normal', 'auditorium')),
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE room_roles (
                    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('member', 'manager', 'presenter')),
                    principal TEXT NOT NULL,
                    PRIMARY KEY (room_id, role, principal)
                );
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    room_id INTEGER NOT NULL REFERENCES rooms(id),
                    author TEXT NOT NULL,
                    text TEXT NOT NULL,
                    alert INTEGER NOT NULL DEFAULT 0,
                    ts INTEGER NOT NULL,
                    client_message_id TEXT
                );
                CREATE INDEX messages_by_room ON messages(room_id, id);
                CREATE UNIQUE INDEX messages_by_client_id ON messages(room_id, author, client_message_id)
                    WHERE client_message_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v2: room settings, audit, stories and parts, invitations, preferences, files") { db in
            try db.execute(sql: """
                ALTER TABLE rooms ADD COLUMN invitations TEXT NOT NULL DEFAULT 'inherit'
                    CHECK (invitations IN ('inherit', 'false'));
                ALTER TABLE rooms ADD COLUMN add_in TEXT;
                ALTER TABLE rooms ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
                ALTER TABLE rooms ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
                ALTER TABLE room_roles ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
                ALTER TABLE room_roles ADD COLUMN added_at INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE messages ADD COLUMN story_title TEXT;
                ALTER TABLE messages ADD COLUMN parts TEXT;
                CREATE TABLE invitations (
                    user TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    room_id INTEGER NOT NULL REFERENCES rooms(id),
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (user, id)
                );
                CREATE TABLE preferences (
                    user TEXT NOT NULL,
                    label TEXT NOT NULL,
                    sequence_id INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    PRIMARY KEY (user, label)
                );
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    storage_key TEXT NOT NULL UNIQUE,
                    room_id INTEGER NOT NULL REFERENCES rooms(id),
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    uploader TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                """)
        }
        HistorySearchSchema.register(in: &migrator)
        migrator.registerMigration("v4: who sent an invitation") { db in
            try db.execute(sql: "ALTER TABLE invitations ADD COLUMN invited_by TEXT")
        }
        HistorySearchSchema.registerCommitIndexing(in: &migrator)
        migrator.registerMigration("v6: a file's record knows its message") { db in
            // NULL while an upload is being posted; files stored before this version were posted (0: id not kept).
            try db.execute(sql: "ALTER TABLE files ADD COLUMN message_id INTEGER; UPDATE files SET message_id = 0")
        }
        migrator.registerMigration("v7: session tokens") { db in
            // The SHA-256 of each token (hex), never the token itself.
            try db.execute(sql: """
                CREATE TABLE session_tokens (
                    hash TEXT PRIMARY KEY NOT NULL,
                    user TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX session_tokens_by_expiry ON session_tokens(expires_at);
                """)
        }
        return migrator
    }
}
