//! The endpoints declared in the contract (`beian_contract::endpoint::ALL`) are exactly what the
//! stub routes under `/api` and what its OpenAPI document describes there: a route added, moved or
//! given another method on one side only fails here.

mod common;

use std::collections::BTreeSet;

use beian_contract::endpoint::{Carried, Declared, Method, ALL};
use beian_contract::paths;
use common::Stub;
use reqwest::StatusCode;
use serde_json::Value;

const METHODS: [Method; 4] = [Method::Get, Method::Post, Method::Put, Method::Delete];

/// The declared path with each `{…}` part filled with a plain value.
fn concrete(path: &str) -> String {
    let holes = path.matches('{').count();
    paths::fill(path, &vec!["x1"; holes]).unwrap()
}

fn reqwest_method(m: Method) -> reqwest::Method {
    reqwest::Method::from_bytes(m.as_str().as_bytes()).unwrap()
}

/// Status and JSON body of one request without a session or a body.
async fn bare(stub: &Stub, method: Method, path: &str) -> (StatusCode, Value) {
    let resp = stub
        .client
        .request(reqwest_method(method), format!("{}{}", stub.base, path))
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let json = resp.json().await.unwrap_or(Value::Null);
    (status, json)
}

/// The stub's answer to a path it has no route for.
fn no_such_route(status: StatusCode, json: &Value) -> bool {
    status == StatusCode::NOT_FOUND && json["error"]["message"] == "no such route"
}

#[tokio::test]
async fn every_declared_endpoint_is_routed_with_its_method() {
    let stub = Stub::start().await;
    // The check itself: a path nothing declares is not routed.
    let (status, json) = bare(&stub, Method::Get, "/api/nothing-declared-here").await;
    assert!(no_such_route(status, &json), "{status} {json}");

    for e in ALL {
        let path = concrete(e.path);
        let (status, json) = bare(&stub, e.method, &path).await;
        assert!(
            !no_such_route(status, &json) && status != StatusCode::METHOD_NOT_ALLOWED,
            "{} ({} {path}) is not routed: {status} {json}",
            e.name,
            e.method.as_str()
        );
        // Without a session, a declared private endpoint refuses before anything else.
        if !e.public {
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{} ({} {path}) works without a session",
                e.name,
                e.method.as_str()
            );
        } else {
            assert_ne!(status, StatusCode::UNAUTHORIZED, "{}", e.name);
        }
    }
}

#[tokio::test]
async fn a_declared_path_takes_no_other_method() {
    let stub = Stub::start().await;
    let declared: BTreeSet<(&str, &str)> =
        ALL.iter().map(|e| (e.path, e.method.as_str())).collect();
    let routes: BTreeSet<&str> = ALL.iter().map(|e| e.path).collect();
    for path in routes {
        for method in METHODS {
            if declared.contains(&(path, method.as_str())) {
                continue;
            }
            let (status, _) = bare(&stub, method, &concrete(path)).await;
            assert_eq!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{} {path}: a method its endpoints do not declare is answered {status}, not 405",
                method.as_str()
            );
        }
    }
}

#[tokio::test]
async fn the_document_describes_exactly_the_declared_endpoints() {
    let stub = Stub::start().await;
    let doc = stub.doc();
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with(paths::API_BASE) {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            described.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    let declared: BTreeSet<(String, String)> = ALL
        .iter()
        .map(|e| (e.method.as_str().to_owned(), e.path.to_owned()))
        .collect();
    assert_eq!(
        described.difference(&declared).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "described under /api but not declared"
    );
    assert_eq!(
        declared.difference(&described).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "declared but not described"
    );

    for e in ALL {
        let op = &doc["paths"][e.path][e.method.as_str().to_ascii_lowercase()];
        described_as_declared(e, op);
    }
}

/// The operation says what the declaration says: session, idempotency key, what the request
/// carries.
fn described_as_declared(e: &Declared, op: &Value) {
    let name = e.name;
    let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
    assert_eq!(secured, !e.public, "{name}: security");
    let params = op["parameters"].as_array().cloned().unwrap_or_default();
    let key = params
        .iter()
        .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
    assert_eq!(key, e.idempotent, "{name}: Idempotency-Key");
    let query = params.iter().any(|p| p["in"] == "query");
    assert_eq!(query, e.carried == Carried::Query, "{name}: query");
    let content = &op["requestBody"]["content"];
    match e.carried {
        Carried::Nothing | Carried::Query => {
            assert!(op["requestBody"].is_null(), "{name}: a body")
        }
        Carried::Json => assert!(content["application/json"].is_object(), "{name}: JSON"),
        Carried::Image => {
            assert!(content["image/jpeg"].is_object(), "{name}: JPEG");
            assert!(content["image/png"].is_object(), "{name}: PNG");
        }
    }
}
