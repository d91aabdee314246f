//! Sign-in: codes, tries, expiry, throttle, sessions.

mod common;

use common::Stub;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn sign_in_happy_path_registers_and_shows_me() {
    let stub = Stub::start().await;
    let ch = stub
        .post(
            "/api/session/code",
            None,
            json!({ "phone": "+86 138-0013-8000", "extra": true }),
        )
        .await;
    assert_eq!(ch.status, 200);
    assert_eq!(ch.json["masked_phone"], "138****8000");
    assert_eq!(ch.json["resend_after_s"], 60);
    assert_eq!(ch.json["expires_in_s"], 300);
    let outbox = stub.get("/sandbox/sms?to=13800138000", None).await;
    let msg = &outbox.json["messages"][0];
    assert_eq!(msg["purpose"], "sign_in");
    let code = msg["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    let grant = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": ch.json["challenge_id"], "code": code }),
        )
        .await;
    assert_eq!(grant.status, 200);
    assert_eq!(grant.json["me"]["licence_class"], "C1");
    assert_eq!(grant.json["me"]["masked_name"], "张*");
    let token = grant.json["token"].as_str().unwrap();
    let me = stub.get("/api/me", Some(token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json["masked_phone"], "138****8000");
    // the challenge is used up
    let again = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": ch.json["challenge_id"], "code": code }),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.code()),
        (422, "challenge_unknown")
    );
    // a new number is registered on first sign-in
    let t2 = stub.sign_in("15912345678").await;
    let me2 = stub.get("/api/me", Some(&t2)).await;
    assert_eq!(me2.json["points"], 0);
    assert!(me2.json.get("licence_class").is_none());
    // sign out ends the session
    let out = stub
        .call(
            Method::DELETE,
            "/api/session",
            Some(token),
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(out.status, 204);
    let gone = stub.get("/api/me", Some(token)).await;
    assert_eq!(
        (gone.status.as_u16(), gone.code()),
        (401, "unauthenticated")
    );
}

#[tokio::test]
async fn wrong_code_counts_down_then_exhausts() {
    let stub = Stub::start().await;
    let ch = stub
        .post("/api/session/code", None, json!({ "phone": "13900139000" }))
        .await;
    let real = stub.last_code("13900139000").await;
    let wrong = if real == "000000" { "111111" } else { "000000" };
    for left in [4, 3, 2, 1] {
        let a = stub
            .post(
                "/api/session",
                None,
                json!({ "challenge_id": ch.json["challenge_id"], "code": wrong }),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (422, "code_wrong"));
        assert_eq!(a.json["error"]["tries_left"], left);
        assert_eq!(a.json["error"]["field"], "code");
    }
    let a = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": ch.json["challenge_id"], "code": wrong }),
        )
        .await;
    assert_eq!(a.code(), "code_exhausted");
    let a = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": ch.json["challenge_id"], "code": real }),
        )
        .await;
    assert_eq!(
        a.code(),
        "code_exhausted",
        "even the right code is refused once exhausted"
    );
}

#[tokio::test]
async fn code_expires_after_300_seconds() {
    let stub = Stub::start().await;
    let ch = stub
        .post("/api/session/code", None, json!({ "phone": "13800138000" }))
        .await;
    let code = stub.last_code("13800138000").await;
    stub.advance(301).await;
    let a = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": ch.json["challenge_id"], "code": code }),
        )
        .await;
    assert_eq!((a.status.as_u16(), a.code()), (422, "code_expired"));
}

#[tokio::test]
async fn resend_is_throttled_for_60_seconds() {
    let stub = Stub::start().await;
    assert_eq!(
        stub.post("/api/session/code", None, json!({ "phone": "13800138000" }))
            .await
            .status,
        200
    );
    stub.advance(20).await;
    let a = stub
        .post("/api/session/code", None, json!({ "phone": "13800138000" }))
        .await;
    assert_eq!((a.status.as_u16(), a.code()), (429, "too_frequent"));
    let wait = a.json["error"]["retry_after_s"].as_u64().unwrap();
    assert!((39..=40).contains(&wait), "{wait}");
    assert_eq!(a.headers["retry-after"].to_str().unwrap(), wait.to_string());
    // another number is not affected
    assert_eq!(
        stub.post("/api/session/code", None, json!({ "phone": "13900139000" }))
            .await
            .status,
        200
    );
    stub.advance(41).await;
    assert_eq!(
        stub.post("/api/session/code", None, json!({ "phone": "13800138000" }))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_refused_resend_names_the_code_still_valid_but_never_a_used_one() {
    let stub = Stub::start().await;
    let first = stub
        .post("/api/session/code", None, json!({ "phone": "13800138000" }))
        .await;
    assert_eq!(first.status, 200);
    stub.advance(10).await;
    let again = stub
        .post("/api/session/code", None, json!({ "phone": "13800138000" }))
        .await;
    assert_eq!((again.status.as_u16(), again.code()), (429, "too_frequent"));
    assert_eq!(
        again.json["error"]["challenge_id"],
        first.json["challenge_id"]
    );
    // The code already received answers it.
    let code = stub.last_code("13800138000").await;
    let signed = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": again.json["error"]["challenge_id"], "code": code }),
        )
        .await;
    assert_eq!(signed.status, 200, "{}", signed.json);
    // Used now: a refusal within the minute names no challenge.
    stub.advance(10).await;
    let used = stub
        .post("/api/session/code", None, json!({ "phone": "13800138000" }))
        .await;
    assert_eq!((used.status.as_u16(), used.code()), (429, "too_frequent"));
    assert!(
        used.json["error"].get("challenge_id").is_none(),
        "{}",
        used.json
    );
}

#[tokio::test]
async fn bad_input_is_typed_never_500() {
    let stub = Stub::start().await;
    let a = stub
        .post("/api/session/code", None, json!({ "phone": "12345" }))
        .await;
    assert_eq!((a.status.as_u16(), a.code()), (422, "validation"));
    assert_eq!(a.json["error"]["field"], "phone");
    let a = stub.post("/api/session/code", None, json!({})).await;
    assert_eq!(
        (a.status.as_u16(), a.json["error"]["field"].as_str()),
        (422, Some("phone"))
    );
    let req = stub
        .client
        .post(format!("{}/api/session/code", stub.base))
        .header("content-type", "application/json")
        .body("{\"phone\":");
    let a = stub.send(req, Method::POST, "/api/session/code").await;
    assert_eq!((a.status.as_u16(), a.code()), (400, "bad_request"));
    let a = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": "nope", "code": "123456" }),
        )
        .await;
    assert_eq!(a.code(), "challenge_unknown");
    let a = stub
        .post(
            "/api/session",
            None,
            json!({ "challenge_id": "nope", "code": "12ab" }),
        )
        .await;
    assert_eq!(
        (a.code(), a.json["error"]["field"].as_str()),
        ("validation", Some("code"))
    );
    // an unknown route is not in the document, so it is read without the contract check
    let resp = stub
        .client
        .get(format!("{}/api/nothing-here", stub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let resp = stub
        .client
        .get(format!("{}/api/filings", stub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        405,
        "a known path with another method is a typed error too"
    );
    assert_eq!(resp.headers()["allow"], "POST");
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn api_routes_need_a_session() {
    let stub = Stub::start().await;
    for path in [
        "/api/me",
        "/api/vehicles",
        "/api/messages",
        "/api/violations",
        "/api/handling/rules",
        "/api/payments/x",
    ] {
        let a = stub.get(path, None).await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (401, "unauthenticated"),
            "{path}"
        );
        let a = stub.get(path, Some("not-a-token")).await;
        assert_eq!(a.status, 401, "{path}");
    }
    let a = stub.post("/api/filings/lookup", None, json!({})).await;
    assert_eq!(a.status, 401);
}
