//! Hasura's list arguments (`where`, `orderBy`, `limit`, `offset`, `distinctOn`) over rows held
//! as JSON objects keyed by GraphQL field names. Generic, so every list field gets them alike.

use std::cmp::Ordering;

use serde_json::Value;

/// The list arguments of one field, as JSON.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowQuery {
    filter: Option<Value>,
    order_by: Vec<Value>,
    limit: Option<usize>,
    offset: usize,
    distinct_on: Vec<String>,
}

fn as_list(v: Option<Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(items)) => items,
        Some(Value::Null) | None => Vec::new(),
        // GraphQL lets a single value stand for a one-item list.
        Some(one) => vec![one],
    }
}

impl RowQuery {
    pub(crate) fn from_args(args: &async_graphql::dynamic::ObjectAccessor<'_>) -> RowQuery {
        let get = |name: &str| {
            args.get(name)
                .and_then(|v| v.as_value().clone().into_json().ok())
                .filter(|v| !v.is_null())
        };
        let count = |name: &str| {
            get(name)
                .and_then(|v| v.as_i64())
                .map(|n| usize::try_from(n.max(0)).unwrap_or(usize::MAX))
        };
        RowQuery {
            filter: get("where"),
            order_by: as_list(get("orderBy")),
            limit: count("limit"),
            offset: count("offset").unwrap_or(0),
            distinct_on: as_list(get("distinctOn"))
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.filter.is_none()
            && self.order_by.is_empty()
            && self.limit.is_none()
            && self.offset == 0
            && self.distinct_on.is_empty()
    }

    /// `where: {id: {_eq: X}}` (possibly beside other conditions) pins the result to one id,
    /// which lets the store answer without scanning.
    pub(crate) fn id_eq(&self) -> Option<String> {
        self.eq("id")
    }

    /// `where: {column: {_eq: X}}` at the top level, X a string.
    pub(crate) fn eq(&self, column: &str) -> Option<String> {
        self.filter
            .as_ref()?
            .get(column)?
            .get("_eq")?
            .as_str()
            .map(str::to_owned)
    }

    pub(crate) fn apply(&self, rows: Vec<Value>) -> Result<Vec<Value>, String> {
        let mut kept = Vec::with_capacity(rows.len());
        for row in rows {
            let keep = match &self.filter {
                Some(f) => matches(&row, f)?,
                None => true,
            };
            if keep {
                kept.push(row);
            }
        }
        if !self.order_by.is_empty() {
            let keys = sort_keys(&self.order_by)?;
            for (column, _) in &keys {
                if let Some(row) = kept.first()
                    && !row.get(column).is_some_and(is_scalar)
                {
                    return Err(format!(
                        "orderBy on {column:?} is not supported by the sandbox"
                    ));
                }
            }
            kept.sort_by(|a, b| compare_rows(a, b, &keys));
        }
        if !self.distinct_on.is_empty() {
            let mut seen: Vec<Vec<Value>> = Vec::new();
            kept.retain(|row| {
                let key: Vec<Value> = self
                    .distinct_on
                    .iter()
                    .map(|c| row.get(c).cloned().unwrap_or(Value::Null))
                    .collect();
                if seen.contains(&key) {
                    false
                } else {
                    seen.push(key);
                    true
                }
            });
        }
        let rows = kept.into_iter().skip(self.offset);
        Ok(match self.limit {
            Some(n) => rows.take(n).collect(),
            None => rows.collect(),
        })
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Does `row` satisfy the boolean expression `exp`?
pub(crate) fn matches(row: &Value, exp: &Value) -> Result<bool, String> {
    let Some(exp) = exp.as_object() else {
        return Err("a where expression must be an object".into());
    };
    for (key, sub) in exp {
        let ok = match key.as_str() {
            "_and" => {
                let mut all = true;
                for e in as_list(Some(sub.clone())) {
                    all &= matches(row, &e)?;
                }
                all
            }
            "_or" => {
                let list = as_list(Some(sub.clone()));
                let mut any = list.is_empty();
                for e in list {
                    any |= matches(row, &e)?;
                }
                any
            }
            "_not" => !matches(row, sub)?,
            column => match row.get(column) {
                None => {
                    return Err(format!(
                        "filtering on {column:?} is not supported by the sandbox"
                    ));
                }
                // An array relationship matches when any of its rows does.
                Some(Value::Array(items)) => {
                    let mut any = false;
                    for item in items {
                        any |= matches(item, sub)?;
                    }
                    any
                }
                Some(nested @ Value::Object(_)) => matches(nested, sub)?,
                Some(value) => compare_ops(column, value, sub)?,
            },
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn compare_ops(column: &str, value: &Value, ops: &Value) -> Result<bool, String> {
    let Some(ops) = ops.as_object() else {
        return Err(format!("the condition on {column:?} must be an object"));
    };
    for (op, arg) in ops {
        let ok = match op.as_str() {
            "_eq" => !value.is_null() && cmp(value, arg) == Some(Ordering::Equal),
            "_neq" => !value.is_null() && cmp(value, arg) != Some(Ordering::Equal),
            "_gt" => cmp(value, arg) == Some(Ordering::Greater),
            "_gte" => matches!(cmp(value, arg), Some(Ordering::Greater | Ordering::Equal)),
            "_lt" => cmp(value, arg) == Some(Ordering::Less),
            "_lte" => matches!(cmp(value, arg), Some(Ordering::Less | Ordering::Equal)),
            "_in" => in_list(value, arg),
            "_nin" => !value.is_null() && !in_list(value, arg),
            "_isNull" => value.is_null() == arg.as_bool().unwrap_or(false),
            "_like" => like(value, arg, false),
            "_nlike" => !value.is_null() && !like(value, arg, false),
            "_ilike" => like(value, arg, true),
            "_nilike" => !value.is_null() && !like(value, arg, true),
            other => {
                return Err(format!(
                    "the operator {other} (on {column:?}) is not supported by the sandbox"
                ));
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn in_list(value: &Value, list: &Value) -> bool {
    !value.is_null()
        && as_list(Some(list.clone()))
            .iter()
            .any(|v| cmp(value, v) == Some(Ordering::Equal))
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Compares like Postgres would for the column's type: numbers (bigint may be a string),
/// timestamps, then plain strings.
fn cmp(a: &Value, b: &Value) -> Option<Ordering> {
    if a.is_null() || b.is_null() {
        return None;
    }
    if (a.is_number() || b.is_number())
        && let (Some(x), Some(y)) = (number(a), number(b))
    {
        return x.partial_cmp(&y);
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            if let (Ok(tx), Ok(ty)) = (x.parse::<jiff::Timestamp>(), y.parse::<jiff::Timestamp>()) {
                return Some(tx.cmp(&ty));
            }
            Some(x.cmp(y))
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn like(value: &Value, pattern: &Value, fold: bool) -> bool {
    let (Some(v), Some(p)) = (value.as_str(), pattern.as_str()) else {
        return false;
    };
    let (v, p): (Vec<char>, Vec<char>) = if fold {
        (
            v.to_lowercase().chars().collect(),
            p.to_lowercase().chars().collect(),
        )
    } else {
        (v.chars().collect(), p.chars().collect())
    };
    like_at(&v, &p)
}

/// SQL LIKE (`%` any run, `_` one character) in linear passes with single backtracking, so a
/// pattern full of `%` cannot blow up.
fn like_at(v: &[char], p: &[char]) -> bool {
    let (mut vi, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some('%') => {
                star = Some((pi, vi));
                pi += 1;
            }
            Some(c) if *c == '_' || *c == v[vi] => {
                vi += 1;
                pi += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    pi = sp + 1;
                    vi = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '%')
}

/// (column, descending, nulls first)
type SortKey = (String, (bool, bool));

fn sort_keys(order_by: &[Value]) -> Result<Vec<SortKey>, String> {
    let mut keys = Vec::new();
    for item in order_by {
        let Some(obj) = item.as_object() else {
            return Err("orderBy items must be objects".into());
        };
        for (column, dir) in obj {
            // Kronor's `OrderBy` enum is upper case (`DESC_NULLS_LAST`); plain Hasura's is lower.
            let dir = match dir.as_str().map(str::to_ascii_uppercase).as_deref() {
                Some("ASC") | Some("ASC_NULLS_LAST") => (false, false),
                Some("ASC_NULLS_FIRST") => (false, true),
                Some("DESC") | Some("DESC_NULLS_FIRST") => (true, true),
                Some("DESC_NULLS_LAST") => (true, false),
                _ => {
                    return Err(format!(
                        "orderBy on {column:?} is not supported by the sandbox"
                    ));
                }
            };
            keys.push((column.clone(), dir));
        }
    }
    Ok(keys)
}

fn compare_rows(a: &Value, b: &Value, keys: &[SortKey]) -> Ordering {
    let null = Value::Null;
    for (column, (desc, nulls_first)) in keys {
        let (x, y) = (
            a.get(column).unwrap_or(&null),
            b.get(column).unwrap_or(&null),
        );
        let ord = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if *nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if *nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, false) => {
                let o = cmp(x, y).unwrap_or(Ordering::Equal);
                if *desc { o.reverse() } else { o }
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn rows() -> Vec<Value> {
        vec![
            obj(&[
                ("id", json!("a")),
                ("n", json!(2)),
                ("at", json!("2026-01-02T00:00:00.000000+00:00")),
                ("status", json!([{"status": "SCA_REQUIRED"}])),
            ]),
            obj(&[
                ("id", json!("b")),
                ("n", json!(1)),
                ("at", json!("2026-01-01T00:00:00.000000+00:00")),
                ("status", json!([{"status": "REJECTED"}])),
            ]),
            obj(&[
                ("id", json!("c")),
                ("n", Value::Null),
                ("at", json!("2026-01-03T00:00:00.000000+00:00")),
                ("status", json!([])),
            ]),
        ]
    }

    fn ids(rows: Vec<Value>) -> Vec<String> {
        rows.iter()
            .map(|r| r["id"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn where_order_limit_offset() {
        let q = RowQuery {
            filter: Some(json!({"n": {"_gte": "1"}})),
            order_by: vec![json!({"at": "DESC"})],
            ..RowQuery::default()
        };
        assert_eq!(ids(q.apply(rows()).unwrap()), ["a", "b"]);
        let q = RowQuery {
            filter: Some(json!({"status": {"status": {"_eq": "REJECTED"}}})),
            ..RowQuery::default()
        };
        assert_eq!(ids(q.apply(rows()).unwrap()), ["b"]);
        let q = RowQuery {
            filter: Some(json!({"_or": [{"id": {"_eq": "c"}}, {"n": {"_isNull": true}}]})),
            ..RowQuery::default()
        };
        assert_eq!(ids(q.apply(rows()).unwrap()), ["c"]);
        let q = RowQuery {
            order_by: vec![json!({"n": "ASC"})],
            limit: Some(2),
            offset: 1,
            ..RowQuery::default()
        };
        assert_eq!(ids(q.apply(rows()).unwrap()), ["a", "c"]);
        let q = RowQuery {
            filter: Some(json!({"customer": {"id": {"_eq": 1}}})),
            ..RowQuery::default()
        };
        assert!(q.apply(rows()).unwrap_err().contains("customer"));
        assert!(like(&json!("Order-17"), &json!("order-%"), true));
        assert!(!like(&json!("Order-17"), &json!("order-%"), false));
        assert!(like(&json!("abc"), &json!("a_c"), false));
        assert!(like(&json!("abcbc"), &json!("%bc"), false));
        assert!(!like(&json!("abcbd"), &json!("%bc"), false));
        let long = json!("a".repeat(5_000));
        assert!(!like(&long, &json!("%a%a%a%a%a%a%a%a%a%a%b"), false));
    }
}
