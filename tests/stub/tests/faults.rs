//! Fault injection on `/api/*`.

mod common;

use std::time::{Duration, Instant};

use common::Stub;
use serde_json::{json, Value};

#[tokio::test]
async fn injected_status_is_a_typed_error_and_counts_down() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    let set = stub
        .post(
            "/sandbox/faults",
            None,
            json!({ "path": "/api/me", "status": 503, "times": 2 }),
        )
        .await;
    assert_eq!(set.status, 200);
    assert_eq!(set.json["faults"].as_array().unwrap().len(), 1);
    for _ in 0..2 {
        let a = stub.get("/api/me", Some(&t)).await;
        assert_eq!((a.status.as_u16(), a.code()), (503, "unavailable"));
        assert_eq!(a.headers["retry-after"], "1");
    }
    assert_eq!(stub.get("/api/me", Some(&t)).await.status, 200);
    assert_eq!(
        stub.get("/sandbox/faults", None).await.json["faults"],
        json!([])
    );

    stub.post(
        "/sandbox/faults",
        None,
        json!({ "method": "post", "path": "/api/filings/*", "status": 500 }),
    )
    .await;
    let a = stub.post("/api/filings/lookup", Some(&t), json!({})).await;
    assert_eq!((a.status.as_u16(), a.code()), (500, "internal"));
    assert_eq!(
        stub.get("/api/filings/nope", Some(&t)).await.status,
        404,
        "other methods pass"
    );
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "*", "status": 409 }),
    )
    .await;
    let a = stub.get("/api/vehicles", Some(&t)).await;
    assert_eq!((a.status.as_u16(), a.code()), (409, "wrong_state"));
    assert_eq!(
        stub.get("/sandbox/sms", None).await.status,
        200,
        "the sandbox is never faulted"
    );
    assert_eq!(
        stub.call(
            reqwest::Method::DELETE,
            "/sandbox/faults",
            None,
            Value::Null
        )
        .await
        .status,
        204
    );
    assert_eq!(stub.get("/api/vehicles", Some(&t)).await.status, 200);

    let bad = stub
        .post(
            "/sandbox/faults",
            None,
            json!({ "path": "/api/me", "status": 200 }),
        )
        .await;
    assert_eq!(bad.json["error"]["field"], "status");
    let bad = stub
        .post("/sandbox/faults", None, json!({ "path": "api/me" }))
        .await;
    assert_eq!(bad.json["error"]["field"], "path");

    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "/api/*", "status": 500 }),
    )
    .await;
    assert_eq!(
        stub.post("/sandbox/reset", None, Value::Null).await.status,
        204
    );
    assert_eq!(
        stub.get("/sandbox/faults", None).await.json["faults"],
        json!([]),
        "reset clears faults"
    );
}

#[tokio::test]
async fn injected_delay_and_dropped_connection() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "/api/me", "delay_ms": 300, "times": 1 }),
    )
    .await;
    let start = Instant::now();
    assert_eq!(stub.get("/api/me", Some(&t)).await.status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    let start = Instant::now();
    stub.get("/api/me", Some(&t)).await;
    assert!(start.elapsed() < Duration::from_millis(300));

    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "/api/me", "drop": true, "times": 1 }),
    )
    .await;
    let dropped = stub
        .client
        .get(format!("{}/api/me", stub.base))
        .bearer_auth(&t)
        .send()
        .await;
    let err = dropped.expect_err("the connection closes without an answer");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    assert_eq!(
        stub.get("/api/me", Some(&t)).await.status,
        200,
        "the next request is answered"
    );
}

#[tokio::test]
async fn an_injected_fault_can_carry_a_specific_error_code() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "method": "get", "path": "/api/me", "status": 422, "code": "photo_rejected", "times": 1 }),
    )
    .await;
    let a = stub.get("/api/me", Some(&t)).await;
    assert_eq!((a.status.as_u16(), a.code()), (422, "photo_rejected"));
    assert_eq!(stub.get("/api/me", Some(&t)).await.status, 200);
}
