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

#[tokio::test]
async fn a_fault_after_the_handler_does_the_work_and_loses_the_answer() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    let before = sms(&stub).await;

    // Dropped after the handler ran: no answer, but the code was sent.
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "method": "post", "path": "/api/session/code", "drop": true, "after": true, "times": 1 }),
    )
    .await;
    let dropped = stub
        .client
        .post(format!("{}/api/session/code", stub.base))
        .json(&json!({ "phone": "13900139000" }))
        .send()
        .await;
    assert!(dropped.is_err(), "the connection closes without an answer");
    assert_eq!(sms(&stub).await, before + 1, "the work was done");

    // A status after the handler: the client sees the error, the work is done all the same.
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "method": "post", "path": "/api/session/code", "status": 503, "after": true, "times": 1 }),
    )
    .await;
    let a = stub
        .post("/api/session/code", None, json!({ "phone": "13700137000" }))
        .await;
    assert_eq!((a.status.as_u16(), a.code()), (503, "unavailable"));
    assert_eq!(sms(&stub).await, before + 2);

    // Late after the handler: the real answer, after the delay.
    stub.post(
        "/sandbox/faults",
        None,
        json!({ "path": "/api/me", "delay_ms": 300, "after": true, "times": 1 }),
    )
    .await;
    let start = Instant::now();
    let me = stub.get("/api/me", Some(&t)).await;
    assert_eq!(me.status, 200);
    assert!(me.json["masked_phone"].is_string());
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        stub.get("/sandbox/faults", None).await.json["faults"],
        json!([])
    );
}

async fn sms(stub: &Stub) -> usize {
    stub.get("/sandbox/sms", None).await.json["messages"]
        .as_array()
        .unwrap()
        .len()
}
