import GRDB

/// The full-text index over message text and story titles (migration v3).
///
/// `messages_fts` is an FTS5 *external-content* table: it stores only the index, the text stays in `messages`
/// (`content='messages'`, `content_rowid='id'`, so an index row's `rowid` is the message id). Triggers keep it in
/// step with every delete and update of `messages`. New messages are indexed by the commit that stores them, in one
/// statement for the whole batch (``indexMessages(from:in:)``, migration v5 dropped the insert trigger): FTS5 writes
/// its pending terms out as a new index segment at the end of every statement that touches it, so the trigger made a
/// segment, and later merges, for every message (2.4 times slower at 100 messages per transaction).
///
/// Tokenizer: `unicode61 remove_diacritics 2`.
/// - It splits on anything that is not a Unicode letter, number or private-use character, so chat text such as
///   `e-mail`, `alice@contoso.com` or `"quoted",` yields the plain words a person would search for, in every
///   script that separates words with spaces or punctuation.
/// - It folds case for all of Unicode and (option `2`, the correct form of diacritic removal) strips accents, so
///   `cafe` finds `Café` and `CAFÉ`. Case-sensitive search is layered on top, in SQL (see `HistorySearchFilter`).
/// - Word prefixes are FTS5 prefix queries (`"wor"*`); `prefix='2 3'` adds small prefix indexes so the short
///   prefixes people type while searching stay fast.
/// - Not `porter`: stemming makes `was` find `wa` and surprises users searching names and jargon. Not `trigram`:
///   in SQLite 3.40 it cannot remove diacritics, needs at least three characters, and triples the index size.
enum HistorySearchSchema {
    /// The FTS5 table's name.
    static let table = "messages_fts"

    /// Indexes the messages this transaction stored, with ids from `ids.lowerBound` to `ids.upperBound`. Whatever
    /// stores rows in `messages` must call this in the same transaction (the committer is the only such writer): no
    /// trigger indexes new rows since v5.
    static func indexMessages(_ ids: ClosedRange<Int64>, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(table) (rowid, text, story_title) SELECT id, text, story_title FROM messages WHERE id BETWEEN ? AND ?
            """).execute(arguments: [ids.lowerBound, ids.upperBound])
    }

    /// Registers migration "v5: index once per commit": the commit indexes its messages in one statement.
    static func registerCommitIndexing(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: index once per commit") { db in
            try db.execute(sql: "DROP TRIGGER messages_fts_after_insert")
        }
    }

    /// Registers migration "v3: history search": the index, its triggers, and filling it from existing rows.
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: history search") { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE \(table) USING fts5(
                    text, story_title,
                    content='messages', content_rowid='id',
                    tokenize='unicode61 remove_diacritics 2',
                    prefix='2 3'
                );
                CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO \(table) (rowid, text, story_title) VALUES (new.id, new.text, new.story_title);
                END;
                CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO \(table) (\(table), rowid, text, story_title)
                        VALUES ('delete', old.id, old.text, old.story_title);
                END;
                CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF id, text, story_title ON messages BEGIN
                    INSERT INTO \(table) (\(table), rowid, text, story_title)
                        VALUES ('delete', old.id, old.text, old.story_title);
                    INSERT INTO \(table) (rowid, text, story_title) VALUES (new.id, new.text, new.story_title);
                END;
                INSERT INTO \(table) (\(table)) VALUES ('rebuild');
                """)
        }
    }
}
