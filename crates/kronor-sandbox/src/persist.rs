//! `--db FILE`: the sandbox's state in SQLite, so it survives a restart.
//!
//! Requests never wait for the disk: changes go over a channel to one writer thread that commits
//! them in batches (one transaction per batch). [`Db::flush`] waits until everything sent so far
//! is committed; shutdown calls it.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{IdempotentResult, Purchase, PurchaseOrder};
use crate::payment_model::{PaymentRequest, PaymentSession, Refund};

enum Write {
    Order(String, String),
    Purchase(i64, String),
    Idempotency(String, String),
    /// (table, key, json) for the payment side's tables.
    Keyed(&'static str, String, String),
    Flush(mpsc::Sender<()>),
}

/// Everything a restarted sandbox picks up again.
pub(crate) struct Loaded {
    pub secret: Vec<u8>,
    pub orders: Vec<PurchaseOrder>,
    pub purchases: Vec<Purchase>,
    pub idempotency: Vec<(String, IdempotentResult)>,
    pub sessions: Vec<PaymentSession>,
    pub payment_requests: Vec<PaymentRequest>,
    pub refunds: Vec<Refund>,
}

/// The writer thread ends when the last `Db` (and so its sender) is dropped.
pub(crate) struct Db {
    tx: mpsc::Sender<Write>,
}

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS purchase_orders (id TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS purchases (id INTEGER PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS payment_sessions (key TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS payment_requests (key TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS refunds (key TEXT PRIMARY KEY, json TEXT NOT NULL);
";

fn load_json<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        match serde_json::from_str(&json?) {
            Ok(v) => out.push(v),
            // A row this version cannot read is skipped, not fatal: the rest still serves.
            Err(e) => tracing::warn!("skipping unreadable row: {e}"),
        }
    }
    Ok(out)
}

impl Db {
    /// Opens (or creates) the file and loads what it holds. `new_secret` is stored on first use.
    pub(crate) fn open(path: &Path, new_secret: Vec<u8>) -> rusqlite::Result<(Db, Loaded)> {
        let conn = Connection::open(path)?;
        conn.execute_batch(SCHEMA)?;
        let secret: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'jwt_secret'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let secret = match secret {
            Some(s) => s,
            None => {
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES ('jwt_secret', ?1)",
                    params![new_secret],
                )?;
                new_secret
            }
        };
        let orders = load_json(&conn, "SELECT json FROM purchase_orders")?;
        let purchases = load_json(&conn, "SELECT json FROM purchases")?;
        let sessions = load_json(&conn, "SELECT json FROM payment_sessions")?;
        let payment_requests = load_json(&conn, "SELECT json FROM payment_requests")?;
        let refunds = load_json(&conn, "SELECT json FROM refunds")?;
        let mut idempotency = Vec::new();
        {
            let mut stmt = conn.prepare("SELECT key, json FROM idempotency")?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (key, json) = row?;
                if let Ok(v) = serde_json::from_str(&json) {
                    idempotency.push((key, v));
                }
            }
        }
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("kronor-sandbox-db".into())
            .spawn(move || write_loop(conn, rx))
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok((
            Db { tx },
            Loaded {
                secret,
                orders,
                purchases,
                idempotency,
                sessions,
                payment_requests,
                refunds,
            },
        ))
    }

    pub(crate) fn save_order(&self, order: &PurchaseOrder) {
        if let Ok(json) = serde_json::to_string(order) {
            let _ = self.tx.send(Write::Order(order.id.clone(), json));
        }
    }

    pub(crate) fn save_purchase(&self, purchase: &Purchase) {
        if let Ok(json) = serde_json::to_string(purchase) {
            let _ = self.tx.send(Write::Purchase(purchase.id, json));
        }
    }

    pub(crate) fn save_idempotency(&self, key: &str, result: &IdempotentResult) {
        if let Ok(json) = serde_json::to_string(result) {
            let _ = self.tx.send(Write::Idempotency(key.to_owned(), json));
        }
    }

    fn save_keyed<T: serde::Serialize>(&self, table: &'static str, key: &str, value: &T) {
        if let Ok(json) = serde_json::to_string(value) {
            let _ = self.tx.send(Write::Keyed(table, key.to_owned(), json));
        }
    }

    pub(crate) fn save_session(&self, session: &PaymentSession) {
        self.save_keyed("payment_sessions", &session.id, session);
    }

    pub(crate) fn save_payment_request(&self, request: &PaymentRequest) {
        self.save_keyed("payment_requests", &request.wait_token, request);
    }

    pub(crate) fn save_refund(&self, refund: &Refund) {
        self.save_keyed("refunds", &refund.refund_transaction_id, refund);
    }

    /// Blocks until everything sent before this call is committed.
    pub(crate) fn flush(&self) {
        let (ack, done) = mpsc::channel();
        if self.tx.send(Write::Flush(ack)).is_ok() {
            let _ = done.recv();
        }
    }
}

fn write_loop(mut conn: Connection, rx: mpsc::Receiver<Write>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < 4096 {
            match rx.try_recv() {
                Ok(w) => batch.push(w),
                Err(_) => break,
            }
        }
        let mut acks = Vec::new();
        if let Err(e) = write_batch(&mut conn, batch, &mut acks) {
            tracing::error!("kronor-sandbox: writing to the database failed: {e}");
        }
        for ack in acks {
            let _ = ack.send(());
        }
    }
}

fn write_batch(
    conn: &mut Connection,
    batch: Vec<Write>,
    acks: &mut Vec<mpsc::Sender<()>>,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for w in batch {
        match w {
            Write::Order(id, json) => {
                tx.prepare_cached(
                    "INSERT INTO purchase_orders (id, json) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                )?
                .execute(params![id, json])?;
            }
            Write::Purchase(id, json) => {
                tx.prepare_cached(
                    "INSERT INTO purchases (id, json) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET json = excluded.json",
                )?
                .execute(params![id, json])?;
            }
            Write::Idempotency(key, json) => {
                tx.prepare_cached(
                    "INSERT INTO idempotency (key, json) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET json = excluded.json",
                )?
                .execute(params![key, json])?;
            }
            Write::Keyed(table, key, json) => {
                // `table` is one of three constants above, never caller text.
                tx.prepare_cached(&format!(
                    "INSERT INTO {table} (key, json) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET json = excluded.json"
                ))?
                .execute(params![key, json])?;
            }
            Write::Flush(ack) => acks.push(ack),
        }
    }
    tx.commit()
}
