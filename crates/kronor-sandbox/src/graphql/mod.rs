//! The GraphQL side: Kronor's schema subsets, one per role (merchant: cut from
//! `merchant.graphqls` into `schema.graphqls`; payment session: cut from
//! `payment-gateway.graphqls` into `gateway.graphqls`), each served as its own async-graphql
//! dynamic schema, so every served name and type is Kronor's own and a role sees only its
//! schema. Row objects are JSON; [`rows`] gives every list field Hasura's arguments.

mod context;
mod errors;
mod resolvers;
mod rows;
mod sdl;
mod sessions;

use std::sync::{Arc, OnceLock};

use async_graphql::dynamic::Schema;
use async_graphql::parser::types::{DocumentOperations, OperationType, Selection, SelectionSet};
use serde_json::{Value as Json, json};

use crate::engine::Engine;
use crate::tokens::Principal;

pub(crate) use errors::{TEMPORARY_FAILURE, envelope};

/// The merchant token's schema as SDL (Kronor's names and types; descriptions left out).
pub const SCHEMA_SDL: &str = include_str!("schema.graphqls");
/// A payment session token's schema (role `payment-gateway`) as SDL.
pub const GATEWAY_SCHEMA_SDL: &str = include_str!("gateway.graphqls");

/// Which schema answers a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Merchant tokens and purchase-order waitTokens.
    Merchant,
    /// Payment session tokens.
    PaymentGateway,
}

impl Role {
    pub(crate) fn of(who: &Principal) -> Role {
        match who {
            Principal::Session { .. } => Role::PaymentGateway,
            _ => Role::Merchant,
        }
    }
}

/// Built once per process: a schema holds no state (engine and caller come with each request).
pub(crate) fn schema(role: Role) -> Result<&'static Schema, String> {
    static MERCHANT: OnceLock<Result<Schema, String>> = OnceLock::new();
    static GATEWAY: OnceLock<Result<Schema, String>> = OnceLock::new();
    let built = match role {
        Role::Merchant => MERCHANT.get_or_init(|| sdl::build(SCHEMA_SDL)),
        Role::PaymentGateway => GATEWAY.get_or_init(|| sdl::build(GATEWAY_SCHEMA_SDL)),
    };
    built.as_ref().map_err(Clone::clone)
}

/// One GraphQL request as it arrives over HTTP or WebSocket.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphqlRequest {
    pub query: String,
    #[serde(default)]
    pub operation_name: Option<String>,
    #[serde(default)]
    pub variables: Option<Json>,
}

impl GraphqlRequest {
    pub(crate) fn variables_json(&self) -> Json {
        self.variables.clone().unwrap_or(Json::Null)
    }

    pub(crate) fn into_request(
        self,
        engine: Arc<Engine>,
        who: Principal,
        raw_enums: &RawEnums,
        document: Option<async_graphql::parser::types::ExecutableDocument>,
    ) -> async_graphql::Request {
        let mut req = async_graphql::Request::new(self.query);
        if let Some(doc) = document {
            req.set_parsed_query(doc);
        }
        if let Some(name) = self.operation_name {
            req = req.operation_name(name);
        }
        if let Some(vars @ Json::Object(_)) = self.variables {
            req = req.variables(async_graphql::Variables::from_json(vars));
        }
        req.data(engine).data(who).data(raw_enums.clone())
    }
}

/// Enum values outside the schema's list (a status Kronor may add later), by response path.
/// Resolvers record them and put a known value in their place; [`response_json`] puts the raw
/// string back, so clients see exactly what a newer Kronor would send.
#[derive(Clone, Default)]
pub(crate) struct RawEnums(Arc<std::sync::Mutex<Vec<RawEnum>>>);

/// (response path, raw value)
type RawEnum = (Vec<String>, String);

impl RawEnums {
    pub(crate) fn record(&self, path: Vec<String>, raw: String) {
        if let Ok(mut list) = self.0.lock() {
            list.push((path, raw));
        }
    }

    fn restore(&self, data: &mut Json) {
        let Ok(mut list) = self.0.lock() else {
            return;
        };
        for (path, raw) in list.drain(..) {
            let pointer: String = path
                .iter()
                .map(|seg| format!("/{}", seg.replace('~', "~0").replace('/', "~1")))
                .collect();
            let Some(at) = data.pointer_mut(&pointer) else {
                continue;
            };
            if at.is_string() {
                *at = Json::String(raw);
            }
        }
    }
}

/// What an operation is, read before running it (for auth and fault injection).
pub(crate) struct Operation {
    pub kind: OperationType,
    /// Root field names, introspection fields left out.
    pub root_fields: Vec<String>,
    /// The parsed document, handed to the executor so it is not parsed twice.
    pub document: async_graphql::parser::types::ExecutableDocument,
}

impl Operation {
    /// The name faults are armed by: the first root field.
    pub(crate) fn name(&self) -> &str {
        self.root_fields.first().map_or("", String::as_str)
    }

    /// A waitToken may only read `purchaseOrders`; a session token only its payments.
    pub(crate) fn allowed_for(&self, who: &Principal) -> bool {
        match who {
            Principal::Merchant { .. } => true,
            Principal::WaitToken { .. } => {
                self.kind != OperationType::Mutation
                    && self.root_fields.iter().all(|f| f == "purchaseOrders")
            }
            Principal::Session { .. } => {
                let allowed: &[&str] = if self.kind == OperationType::Mutation {
                    &["newSwishPayment", "cancelPayment", "cancelSwishPayment"]
                } else {
                    &["paymentRequests"]
                };
                self.root_fields
                    .iter()
                    .all(|f| allowed.contains(&f.as_str()))
            }
        }
    }

    /// The access-denied answer for a caller [`Self::allowed_for`] refused.
    pub(crate) fn denied(&self, who: &Principal) -> Json {
        let token = match who {
            Principal::Session { .. } => "a payment session token",
            _ => "a waitToken",
        };
        envelope(
            &format!("{} is not allowed with {token}", self.name()),
            "access-denied",
            None,
            "$",
        )
    }
}

/// Parses the document and finds the operation to run; the error is Hasura-shaped.
pub(crate) fn analyse(req: &GraphqlRequest) -> Result<Operation, Json> {
    let doc = async_graphql::parser::parse_query(&req.query)
        .map_err(|e| envelope(&e.to_string(), "parse-failed", None, "$.query"))?;
    let op = match (&doc.operations, req.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).ok_or_else(|| {
            envelope(
                &format!("no such operation found in the document: {name:?}"),
                "validation-failed",
                None,
                "$",
            )
        })?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops
            .values()
            .next()
            .ok_or_else(|| envelope("no operation", "validation-failed", None, "$"))?,
        (DocumentOperations::Multiple(_), None) => {
            return Err(envelope(
                "exactly one operation has to be present in the document when operationName is not specified",
                "validation-failed",
                None,
                "$",
            ));
        }
    };
    let mut root_fields = Vec::new();
    collect_roots(
        &op.node.selection_set.node,
        &doc.fragments,
        &mut root_fields,
        0,
    );
    let kind = op.node.ty;
    Ok(Operation {
        kind,
        root_fields,
        document: doc,
    })
}

fn collect_roots(
    set: &SelectionSet,
    fragments: &std::collections::HashMap<
        async_graphql::Name,
        async_graphql::Positioned<async_graphql::parser::types::FragmentDefinition>,
    >,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => {
                let name = f.node.name.node.as_str();
                if !name.starts_with("__") {
                    out.push(name.to_owned());
                }
            }
            Selection::InlineFragment(f) => {
                collect_roots(&f.node.selection_set.node, fragments, out, depth + 1)
            }
            Selection::FragmentSpread(s) => {
                if let Some(f) = fragments.get(&s.node.fragment_name.node) {
                    collect_roots(&f.node.selection_set.node, fragments, out, depth + 1);
                }
            }
        }
    }
}

/// A response as Hasura shapes it: `{"data": …}` or `{"errors": […]}` with a code and path.
pub(crate) fn response_json(resp: async_graphql::Response, raw_enums: &RawEnums) -> Json {
    if resp.errors.is_empty() {
        let mut data = resp.data.into_json().unwrap_or(Json::Null);
        raw_enums.restore(&mut data);
        return json!({ "data": data });
    }
    let errors: Vec<Json> = resp
        .errors
        .into_iter()
        .map(|e| {
            let mut ext = e
                .extensions
                .as_ref()
                .and_then(|x| serde_json::to_value(x).ok())
                .filter(Json::is_object)
                .unwrap_or_else(|| json!({}));
            if ext.get("code").is_none() {
                ext["code"] = json!("validation-failed");
            }
            if ext.get("path").is_none() {
                let path = if e.path.is_empty() {
                    "$".to_owned()
                } else {
                    format!(
                        "$.selectionSet.{}",
                        e.path
                            .iter()
                            .map(|p| match p {
                                async_graphql::PathSegment::Field(f) => f.clone(),
                                async_graphql::PathSegment::Index(i) => i.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(".")
                    )
                };
                ext["path"] = json!(path);
            }
            json!({ "message": e.message, "extensions": ext })
        })
        .collect();
    json!({ "errors": errors })
}

/// Runs a query or mutation once.
pub(crate) async fn execute(
    req: GraphqlRequest,
    op: Operation,
    engine: Arc<Engine>,
    who: Principal,
) -> Json {
    let raw_enums = RawEnums::default();
    let role = Role::of(&who);
    let req = req.into_request(engine, who, &raw_enums, Some(op.document));
    match schema(role) {
        Ok(schema) => response_json(schema.execute(req).await, &raw_enums),
        Err(e) => envelope(&e, "unexpected", None, "$"),
    }
}
