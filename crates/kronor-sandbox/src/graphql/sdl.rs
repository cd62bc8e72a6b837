//! Turns `schema.graphqls` into an async-graphql dynamic schema. Root fields get the resolvers
//! in [`super::resolvers`]; every other object field reads its value from the parent row (JSON).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use async_graphql::dynamic::{
    Enum, Field, FieldFuture, FieldValue, InputObject, InputValue, Object, Scalar, Schema,
    Subscription, TypeRef,
};
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use serde_json::Value as Json;

use super::RawEnums;
use super::errors::error;
use super::resolvers;
use super::rows::RowQuery;
use crate::engine::Engine;

fn type_ref(ty: &Type) -> TypeRef {
    let inner = match &ty.base {
        BaseType::Named(name) => TypeRef::Named(name.to_string().into()),
        BaseType::List(item) => TypeRef::List(Box::new(type_ref(item))),
    };
    if ty.nullable {
        inner
    } else {
        TypeRef::NonNull(Box::new(inner))
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

/// A JSON value as the field's type wants it: objects stay JSON for their own fields to read.
fn field_value(value: Json, object: bool) -> Option<FieldValue<'static>> {
    match value {
        Json::Null => None,
        Json::Array(items) if object => Some(FieldValue::list(
            items.into_iter().map(FieldValue::owned_any),
        )),
        v if object => Some(FieldValue::owned_any(v)),
        v => async_graphql::Value::from_json(v)
            .ok()
            .map(FieldValue::value),
    }
}

/// How a leaf field's JSON must be adjusted on the way out.
#[derive(Clone)]
enum Leaf {
    Object,
    Bigint,
    /// An enum, with its values: anything else is passed through raw (see [`RawEnums`]).
    Enum(Arc<HashSet<String>>),
    Other,
}

fn stringify(v: Json) -> Json {
    match v {
        Json::Number(n) => Json::String(n.to_string()),
        Json::Array(items) => Json::Array(items.into_iter().map(stringify).collect()),
        other => other,
    }
}

/// A non-root object field: the parent row's member of the same name; list fields with
/// arguments get `where`/`orderBy`/`limit`/`offset` applied.
fn data_field(name: String, ty: TypeRef, leaf: Leaf) -> Field {
    Field::new(name.clone(), ty, move |ctx| {
        let mut value = ctx
            .parent_value
            .downcast_ref::<Json>()
            .and_then(|row| row.get(&name))
            .cloned()
            .unwrap_or(Json::Null);
        match &leaf {
            Leaf::Bigint => {
                let on = ctx
                    .data::<Arc<Engine>>()
                    .is_ok_and(|e| e.stringify_bigints.load(Ordering::Relaxed));
                if on {
                    value = stringify(value);
                }
            }
            Leaf::Enum(items) => {
                if let Json::String(raw) = &value
                    && !items.contains(raw)
                    && let (Ok(raw_enums), Some(path)) = (ctx.data::<RawEnums>(), ctx.path_node)
                {
                    // The schema only lets known values out: send a known one, swap it back after.
                    raw_enums.record(path.to_string_vec(), raw.clone());
                    value = items
                        .iter()
                        .next()
                        .map_or(Json::Null, |v| Json::String(v.clone()));
                }
            }
            Leaf::Object | Leaf::Other => {}
        }
        let object = matches!(leaf, Leaf::Object);
        if ctx.args.is_empty() {
            return FieldFuture::Value(field_value(value, object));
        }
        let q = RowQuery::from_args(&ctx.args);
        let result = match value {
            Json::Array(items) if !q.is_empty() => q.apply(items).map(Json::Array),
            other => Ok(other),
        };
        let path = format!("$.selectionSet.{name}.args");
        FieldFuture::new(async move {
            match result {
                Ok(v) => Ok(field_value(v, object)),
                Err(m) => Err(error(m, "validation-failed", None, &path)),
            }
        })
    })
}

pub(super) fn build(sdl: &str) -> Result<Schema, String> {
    let doc = async_graphql::parser::parse_schema(sdl).map_err(|e| e.to_string())?;
    let types: Vec<_> = doc
        .definitions
        .into_iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t) => Some(t.node),
            _ => None,
        })
        .collect();
    let objects: HashSet<String> = types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Object(_)))
        .map(|t| t.name.node.to_string())
        .collect();
    let enums: HashMap<String, Arc<HashSet<String>>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((
                t.name.node.to_string(),
                Arc::new(
                    e.values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect(),
                ),
            )),
            _ => None,
        })
        .collect();
    let mut builder = Schema::build(
        "query_root",
        Some("mutation_root"),
        Some("subscription_root"),
    );
    for t in &types {
        let name = t.name.node.as_str();
        builder = match &t.kind {
            TypeKind::Scalar => builder.register(Scalar::new(name)),
            TypeKind::Enum(e) => builder.register(
                Enum::new(name).items(e.values.iter().map(|v| v.node.value.node.to_string())),
            ),
            TypeKind::InputObject(io) => {
                let mut input = InputObject::new(name);
                for f in &io.fields {
                    input = input.field(InputValue::new(
                        f.node.name.node.to_string(),
                        type_ref(&f.node.ty.node),
                    ));
                }
                builder.register(input)
            }
            TypeKind::Object(o) if name == "subscription_root" => {
                let mut sub = Subscription::new(name);
                for f in &o.fields {
                    let fname = f.node.name.node.as_str();
                    let mut field = resolvers::subscription_field(fname, type_ref(&f.node.ty.node))
                        .ok_or_else(|| format!("no resolver for subscription_root.{fname}"))?;
                    for a in &f.node.arguments {
                        field = field.argument(InputValue::new(
                            a.node.name.node.to_string(),
                            type_ref(&a.node.ty.node),
                        ));
                    }
                    sub = sub.field(field);
                }
                builder.register(sub)
            }
            TypeKind::Object(o) => {
                let root = matches!(name, "query_root" | "mutation_root");
                let mut object = Object::new(name);
                for f in &o.fields {
                    let fname = f.node.name.node.to_string();
                    let ty = type_ref(&f.node.ty.node);
                    let mut field = if root {
                        resolvers::root_field(name, &fname, ty)
                            .ok_or_else(|| format!("no resolver for {name}.{fname}"))?
                    } else {
                        let named = named(&f.node.ty.node);
                        let leaf = if objects.contains(named) {
                            Leaf::Object
                        } else if named == "bigint" {
                            Leaf::Bigint
                        } else if let Some(items) = enums.get(named) {
                            Leaf::Enum(items.clone())
                        } else {
                            Leaf::Other
                        };
                        data_field(fname, ty, leaf)
                    };
                    for a in &f.node.arguments {
                        field = field.argument(InputValue::new(
                            a.node.name.node.to_string(),
                            type_ref(&a.node.ty.node),
                        ));
                    }
                    object = object.field(field);
                }
                builder.register(object)
            }
            _ => return Err(format!("unsupported type kind for {name}")),
        };
    }
    builder.finish().map_err(|e| e.to_string())
}
