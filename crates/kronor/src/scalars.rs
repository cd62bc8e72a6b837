//! Scalars of Kronor's schema as Rust types, tolerant of how Hasura sends them.

use crate::schema::{gateway_schema, schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A Postgres `bigint` (ids, amounts in öre). Hasura may send it as a JSON number or as a
/// string (`"1000"`), so both are accepted; it is always sent back as a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInt(pub i64);

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<i64> for BigInt {
    fn from(value: i64) -> Self {
        BigInt(value)
    }
}

impl Serialize for BigInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for BigInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BigIntVisitor;
        impl Visitor<'_> for BigIntVisitor {
            type Value = BigInt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bigint as a JSON integer or a string of digits")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BigInt, E> {
                Ok(BigInt(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BigInt, E> {
                i64::try_from(v)
                    .map(BigInt)
                    .map_err(|_| E::custom(format!("bigint {v} is out of range")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BigInt, E> {
                v.trim()
                    .parse::<i64>()
                    .map(BigInt)
                    .map_err(|_| E::custom(format!("bigint {v:?} is not an integer")))
            }
        }
        deserializer.deserialize_any(BigIntVisitor)
    }
}

/// A Postgres `uuid` (a payment request's `waitToken`), kept as the text Kronor sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Uuid(pub String);

// Both roles' schemas declare the same scalars; each needs its own binding.
cynic::impl_scalar!(BigInt, schema::bigint);
cynic::impl_scalar!(jiff::Timestamp, schema::timestamptz);
cynic::impl_scalar!(Uuid, schema::uuid);
cynic::impl_scalar!(BigInt, gateway_schema::bigint);
cynic::impl_scalar!(jiff::Timestamp, gateway_schema::timestamptz);
cynic::impl_scalar!(Uuid, gateway_schema::uuid);
// `impl_scalar!` binds only the non-null type; `_eq: uuid` takes a nullable one.
impl cynic::coercions::CoercesTo<Option<schema::uuid>> for Uuid {}
impl cynic::coercions::CoercesTo<Option<gateway_schema::uuid>> for Uuid {}

#[cfg(test)]
mod tests {
    use super::BigInt;

    #[test]
    fn bigint_accepts_numbers_and_strings() {
        let n: BigInt = serde_json::from_str("1000").unwrap();
        let s: BigInt = serde_json::from_str("\"1000\"").unwrap();
        assert_eq!(n, BigInt(1000));
        assert_eq!(s, BigInt(1000));
        let big: BigInt = serde_json::from_str("\"9007199254740993\"").unwrap();
        assert_eq!(
            big.0, 9_007_199_254_740_993,
            "no precision lost through f64"
        );
    }

    #[test]
    fn bigint_rejects_garbage_without_panicking() {
        assert!(serde_json::from_str::<BigInt>("\"12a\"").is_err());
        assert!(serde_json::from_str::<BigInt>("1.5").is_err());
        assert!(serde_json::from_str::<BigInt>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<BigInt>("null").is_err());
    }

    #[test]
    fn bigint_is_sent_as_a_number() {
        assert_eq!(serde_json::to_string(&BigInt(42)).unwrap(), "42");
    }
}
