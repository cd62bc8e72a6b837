//! The journal's key and head in a real gnome-keyring on a private D-Bus session: made at the
//! first start, never in the file, the head kept after every record, and a till whose newest
//! sale was deleted (chain records and all) refused at the next start.

#[path = "fixtures/altered_till.rs"]
mod altered_till;
mod common;

use common::PrivateKeyring;
use kassa_app::credentials::CredentialStore;
use kassa_app::error::ErrorCode;
use kassa_app::journal_keys::TillJournal;

const SERVICE: &str = "se.kassa.test.journal";

#[test]
fn the_key_and_head_live_in_the_keyring_and_a_deleted_newest_sale_is_refused_at_start() {
    let keyring = PrivateKeyring::start();
    // SAFETY: set before anything in this process reads the environment from another
    // thread; this file holds the only test of its process.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &keyring.address) };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kassa.sqlite");
    let store = CredentialStore::probe(SERVICE);
    assert_eq!(store.unavailable(), None);

    let journal = TillJournal::from_keyring(&store, &path);
    assert_eq!(journal.unkept_reason(), None);
    let till = kassa_app::till::open_with(&path, true, &journal).unwrap();
    for n in 0..3 {
        till.db()
            .unwrap()
            .journal()
            .register(altered_till::sale(n))
            .unwrap();
    }
    let head = till.db().unwrap().journal().head().unwrap().unwrap();
    drop(till);

    // The head after the last sale is in the keyring; the key is, and is not in the file.
    let entry = |what: &str| {
        keyring::Entry::new(SERVICE, &format!("{what} {}", path.display()))
            .unwrap()
            .get_password()
            .unwrap()
    };
    assert_eq!(entry("journal-head"), head.to_text());
    let key = entry("journal-key");
    assert_eq!(key.len(), 64);
    let file = std::fs::read(&path).unwrap();
    let raw_key = kassa::journal::JournalKey::parse(&key).unwrap();
    assert!(
        !file.windows(64).any(|w| w == key.as_bytes()),
        "the key is not in the file"
    );
    assert_ne!(raw_key.id(), kassa::journal::JournalKey::unkept().id());

    // A second start reads the same key: the journal checks under it, to the head.
    let journal = TillJournal::from_keyring(&store, &path);
    let report = kassa_app::integrity::check(&path, &journal);
    assert!(
        report.problem.is_none() && report.journal_caveat.is_none(),
        "{report:?}"
    );
    assert_eq!(report.journal_entries, 3);

    // The newest sale and its chain record deleted, the triggers put back: consistent inside.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let triggers: Vec<(String, String)> = raw
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'
             AND name IN ('journal_entry_no_delete', 'journal_line_no_delete',
                          'journal_vat_no_delete', 'journal_chain_no_delete')",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, _) in &triggers {
        raw.execute_batch(&format!("DROP TRIGGER {name};")).unwrap();
    }
    raw.execute_batch(
        "DELETE FROM journal_chain WHERE kind = 'entry' AND ref_id = 3;
         DELETE FROM journal_line WHERE entry_id = 3;
         DELETE FROM journal_vat WHERE entry_id = 3;
         DELETE FROM journal_entry WHERE id = 3;",
    )
    .unwrap();
    for (_, sql) in &triggers {
        raw.execute_batch(sql).unwrap();
    }
    drop(raw);

    let journal = TillJournal::from_keyring(&store, &path);
    let Err(error) = kassa_app::till::open_with(&path, true, &journal) else {
        panic!("a till missing its newest sale opened");
    };
    assert_eq!(error.code, ErrorCode::DatabaseCorrupt, "{error:?}");
    assert!(
        error
            .message
            .contains("the journal ends at record 2, but this till last wrote record 3")
            && error.message.contains("the newest records were deleted"),
        "{error:?}"
    );
}
