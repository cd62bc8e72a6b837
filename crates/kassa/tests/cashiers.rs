//! Cashier accounts in a real till file: the first manager, accounts a manager approves, log-in
//! by PIN alone, PINs refused when weak or taken, the back-off on wrong PINs (time injected,
//! never a lock-out for good), a manager's approval and a PIN reset recorded with who approved,
//! and no PIN in clear anywhere in the file or its WAL.

use jiff::{SignedDuration, Timestamp};
use kassa::cashier::{Cashier, Pin, Role};
use kassa::{Db, ErrorCode};
use tempfile::TempDir;

fn at(seconds: i64) -> Timestamp {
    "2026-12-08T09:00:00Z"
        .parse::<Timestamp>()
        .unwrap()
        .checked_add(SignedDuration::from_secs(seconds))
        .unwrap()
}

fn till() -> (TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path().join("kassa.sqlite")).unwrap();
    (dir, db)
}

fn pin(digits: &str) -> Pin {
    Pin::typed(digits).unwrap()
}

fn chosen(digits: &str) -> Pin {
    Pin::chosen(digits).unwrap()
}

/// Anna, the first manager (PIN 482759), and Bo, a cashier with PIN `bo_pin` she added.
fn anna_and_bo(db: &Db, bo_pin: &str) -> (Cashier, Cashier) {
    let accounts = db.cashiers();
    let anna = accounts
        .first_manager("Anna", &chosen("482759"), at(0))
        .unwrap();
    let ok = accounts
        .approve(&pin("482759"), "add account", anna.id, at(1))
        .unwrap();
    let bo = accounts
        .add("Bo", Role::Cashier, &chosen(bo_pin), &ok, at(2))
        .unwrap();
    (anna, bo)
}

fn events(db: &Db, kind: &str) -> Vec<(i64, Option<i64>, String)> {
    let path = db.path().to_owned();
    let raw = rusqlite::Connection::open(path).unwrap();
    let mut stmt = raw
        .prepare(
            "SELECT cashier_id, approved_by, detail FROM cashier_event WHERE kind = ?1 ORDER BY id",
        )
        .unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_first_manager_then_accounts_a_manager_approves_and_log_in_by_pin_alone() {
    let (_dir, db) = till();
    let accounts = db.cashiers();
    assert!(accounts.none_yet().unwrap());
    let anna = accounts
        .first_manager("Anna", &chosen("482759"), at(0))
        .unwrap();
    assert_eq!(anna.role, Role::Manager);
    let again = accounts.first_manager("Bo", &chosen("1357"), at(1));
    assert_eq!(again.unwrap_err().code(), ErrorCode::ManagerRequired);

    let ok = accounts
        .approve(&pin("482759"), "add account", anna.id, at(2))
        .unwrap();
    let bo = accounts
        .add("Bo", Role::Cashier, &chosen("1357"), &ok, at(3))
        .unwrap();
    assert_eq!(bo.role, Role::Cashier);
    let names: Vec<String> = accounts
        .list()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Anna", "Bo"]);

    // The PIN says who it is.
    assert_eq!(accounts.log_in(&pin("1357"), at(4)).unwrap(), bo);
    accounts.log_out(bo.id, at(5)).unwrap();
    assert_eq!(accounts.log_in(&pin("482759"), at(6)).unwrap(), anna);

    // A cashier's PIN approves nothing.
    let refused = accounts.approve(&pin("1357"), "return", bo.id, at(7));
    assert_eq!(refused.unwrap_err().code(), ErrorCode::ManagerRequired);
    let approval = accounts
        .approve(&pin("482759"), "return receipt 7", bo.id, at(8))
        .unwrap();
    assert_eq!(approval.manager, anna);

    assert_eq!(events(&db, "log_in").len(), 2);
    assert_eq!(events(&db, "log_out"), [(bo.id, None, String::new())]);
    assert_eq!(
        events(&db, "created"),
        [
            (anna.id, None, "manager".to_owned()),
            (bo.id, Some(anna.id), "cashier".to_owned())
        ]
    );
    let approvals = events(&db, "approval");
    assert_eq!(
        approvals.last().unwrap(),
        &(bo.id, Some(anna.id), "return receipt 7".to_owned()),
        "who asked, who approved, what"
    );
    // The log cannot be changed.
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    for sql in [
        "UPDATE cashier_event SET detail = 'x'",
        "DELETE FROM cashier_event",
    ] {
        let err = raw.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn weak_taken_and_malformed_pins_and_names_are_refused() {
    let (_dir, db) = till();
    let accounts = db.cashiers();
    for easy in ["1111", "1234", "4321", "987654"] {
        assert_eq!(
            Pin::chosen(easy).unwrap_err().code(),
            ErrorCode::WeakPin,
            "{easy}"
        );
    }
    for bad in ["123", "1234567", "12a4", ""] {
        assert_eq!(
            Pin::typed(bad).unwrap_err().code(),
            ErrorCode::WeakPin,
            "{bad:?}"
        );
    }
    let anna = accounts
        .first_manager("Anna", &chosen("482759"), at(0))
        .unwrap();
    let ok = accounts
        .approve(&pin("482759"), "add account", anna.id, at(1))
        .unwrap();
    // Two accounts never share a PIN: a manager's PIN that is also a cashier's would let
    // the cashier approve.
    let taken = accounts.add("Cia", Role::Manager, &chosen("482759"), &ok, at(2));
    assert_eq!(taken.unwrap_err().code(), ErrorCode::PinInUse);
    let taken = accounts.add("Cia", Role::Cashier, &chosen("482759"), &ok, at(2));
    assert_eq!(taken.unwrap_err().code(), ErrorCode::PinInUse);
    let same_name = accounts.add("anna", Role::Cashier, &chosen("1357"), &ok, at(3));
    assert_eq!(same_name.unwrap_err().code(), ErrorCode::Duplicate);
    for name in ["", "   ", "Bo\u{1b}p", &"x".repeat(41)] {
        let refused = accounts.add(name, Role::Cashier, &chosen("1357"), &ok, at(4));
        assert_eq!(
            refused.unwrap_err().code(),
            ErrorCode::InvalidCashier,
            "{name:?}"
        );
    }
    assert_eq!(accounts.list().unwrap().len(), 1, "nothing half-added");
}

#[test]
fn wrong_pins_slow_the_till_down_and_never_lock_it_for_good() {
    let (_dir, db) = till();
    let accounts = db.cashiers();
    let anna = accounts
        .first_manager("Anna", &chosen("482759"), at(0))
        .unwrap();
    // Three slips cost nothing.
    for n in 1..=3 {
        let wrong = accounts.log_in(&pin("0000"), at(n)).unwrap_err();
        assert!(
            matches!(wrong, kassa::Error::WrongPin { wait_seconds: 0 }),
            "{wrong:?}"
        );
    }
    // The fourth makes the till wait 2 s: even the right PIN is refused until then.
    let wrong = accounts.log_in(&pin("0000"), at(10)).unwrap_err();
    assert!(
        matches!(wrong, kassa::Error::WrongPin { wait_seconds: 2 }),
        "{wrong:?}"
    );
    let waiting = accounts.log_in(&pin("482759"), at(11)).unwrap_err();
    assert!(
        matches!(waiting, kassa::Error::PinBackOff { seconds: 1 }),
        "{waiting:?}"
    );
    assert_eq!(waiting.code(), ErrorCode::PinBackOff);
    assert_eq!(accounts.log_in(&pin("482759"), at(12)).unwrap(), anna);

    // Many in a row: the wait doubles up to five minutes, then stays there.
    let mut t = 100;
    let mut waits = Vec::new();
    for _ in 0..12 {
        match accounts.log_in(&pin("0000"), at(t)).unwrap_err() {
            kassa::Error::WrongPin { wait_seconds } => {
                waits.push(wait_seconds);
                t += wait_seconds;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(waits, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
    // Once the wait is over the right PIN works, and the count starts again.
    assert_eq!(accounts.log_in(&pin("482759"), at(t)).unwrap(), anna);
    let slip = accounts.log_in(&pin("0000"), at(t + 1)).unwrap_err();
    assert!(matches!(slip, kassa::Error::WrongPin { wait_seconds: 0 }));
}

#[test]
fn a_manager_resets_a_forgotten_pin_and_it_is_recorded() {
    let (_dir, db) = till();
    let accounts = db.cashiers();
    let (anna, bo) = anna_and_bo(&db, "1357");
    let ok = accounts
        .approve(&pin("482759"), "reset PIN", bo.id, at(3))
        .unwrap();
    let taken = accounts.reset_pin(bo.id, &chosen("482759"), &ok, at(4));
    assert_eq!(taken.unwrap_err().code(), ErrorCode::PinInUse);
    accounts
        .reset_pin(bo.id, &chosen("2468"), &ok, at(5))
        .unwrap();
    assert_eq!(
        accounts.log_in(&pin("1357"), at(6)).unwrap_err().code(),
        ErrorCode::WrongPin
    );
    assert_eq!(accounts.log_in(&pin("2468"), at(7)).unwrap(), bo);
    assert_eq!(
        events(&db, "pin_reset"),
        [(bo.id, Some(anna.id), String::new())]
    );
}

#[test]
fn no_pin_is_in_the_till_file_or_its_wal_in_clear() {
    let (dir, db) = till();
    let accounts = db.cashiers();
    anna_and_bo(&db, "913570");
    accounts.log_in(&pin("913570"), at(3)).unwrap();
    let _ = accounts.log_in(&pin("271828"), at(4));
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        files += 1;
        for secret in ["482759", "913570", "271828"] {
            assert!(
                !bytes.windows(6).any(|w| w == secret.as_bytes()),
                "{secret} in clear in {}",
                path.display()
            );
        }
    }
    assert!(files >= 2, "the file and its WAL were read");
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    let hashes: Vec<String> = raw
        .prepare("SELECT pin_hash FROM cashier")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        hashes.iter().all(|h| h.starts_with("$argon2id$")),
        "{hashes:?}"
    );
}
