//! Violations, handling and payments.

mod common;

use common::Stub;
use reqwest::Method;
use serde_json::{json, Value};

fn by_id(list: &Value, id: &str) -> Value {
    list["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
        .clone()
}

#[tokio::test]
async fn violations_show_who_may_handle_and_surcharges() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let all = stub.get("/api/violations", Some(&t)).await;
    assert_eq!(all.status, 200);
    let reason = |id: &str| by_id(&all.json, id)["not_handleable"].clone();
    assert_eq!(reason("w-101"), Value::Null);
    assert_eq!(reason("w-102"), Value::Null);
    assert_eq!(reason("w-103"), "points_before_filing");
    assert_eq!(reason("w-104"), "fine_over_limit");
    assert_eq!(reason("w-105"), "already_handled");
    let w105 = by_id(&all.json, "w-105");
    let s = w105["surcharge_fen"].as_i64().unwrap();
    assert!(
        s > 0 && s < 20_000 && s % 600 == 0,
        "3 % of ¥200 per overdue day: {s}"
    );
    assert_eq!(
        by_id(&all.json, "w-202")["surcharge_fen"],
        20_000,
        "capped at the fine"
    );
    assert_eq!(
        by_id(&all.json, "w-106")["surcharge_fen"],
        0,
        "within 15 days"
    );
    assert_eq!(by_id(&all.json, "w-107")["paid"], true);
    assert_eq!(by_id(&all.json, "w-107")["surcharge_fen"], 0);
    assert_eq!(w105["decision_number"].as_str().unwrap().len(), 16);
    assert!(
        all.json["violations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["id"] != "w-301"),
        "only filed vehicles"
    );

    let un = stub
        .get("/api/violations?status=unprocessed", Some(&t))
        .await;
    assert!(un.json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["status"] == "unprocessed"));
    let pr = stub
        .get(
            "/api/violations?status=processed&vehicle_id=f-seed-2",
            Some(&t),
        )
        .await;
    let ids: Vec<&str> = pr.json["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["w-202"]);
    let empty = stub.get("/api/violations?status=", Some(&t)).await;
    assert_eq!(empty.status, 422);
    let bad = stub.get("/api/violations?status=later", Some(&t)).await;
    assert_eq!(
        (bad.status.as_u16(), bad.json["error"]["field"].as_str()),
        (422, Some("status"))
    );
    assert_eq!(
        stub.get("/api/violations?vehicle_id=f-seed-3", Some(&t))
            .await
            .status,
        404
    );
    assert_eq!(
        stub.get("/api/violations/w-101", Some(&t)).await.json["points"],
        0
    );
    assert_eq!(
        stub.get("/api/violations/w-601", Some(&t)).await.status,
        404
    );

    let t139 = stub.sign_in("13900139000").await;
    let l = stub.get("/api/violations", Some(&t139)).await;
    assert_eq!(
        by_id(&l.json, "w-601")["not_handleable"],
        "points_would_reach12"
    );
    assert_eq!(by_id(&l.json, "w-603")["not_handleable"], Value::Null);
    let t137 = stub.sign_in("13700137000").await;
    let l = stub.get("/api/violations", Some(&t137)).await;
    assert_eq!(
        by_id(&l.json, "w-602")["not_handleable"],
        "outside_licence_class"
    );
    assert_eq!(
        stub.get("/api/vehicles", Some(&t137)).await.json["vehicles"][0]["may_handle"],
        false
    );
}

#[tokio::test]
async fn handling_makes_decisions_and_adds_points() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    let rules = stub.get("/api/handling/rules", Some(&t)).await;
    let version = rules.json["version"].as_str().unwrap().to_string();
    assert!(rules.json["paragraphs_zh"].as_array().unwrap().len() >= 4);
    assert_eq!(
        rules.json["paragraphs_zh"].as_array().unwrap().len(),
        rules.json["paragraphs_en"].as_array().unwrap().len()
    );

    let no = stub
        .post(
            "/api/handling/code",
            Some(&t),
            json!({ "violation_ids": ["w-101", "w-103"] }),
        )
        .await;
    assert_eq!((no.status.as_u16(), no.code()), (409, "not_handleable"));
    let none = stub
        .post(
            "/api/handling/code",
            Some(&t),
            json!({ "violation_ids": [] }),
        )
        .await;
    assert_eq!(none.code(), "validation");
    let ch = stub
        .post(
            "/api/handling/code",
            Some(&t),
            json!({ "violation_ids": ["w-102", "w-101"] }),
        )
        .await;
    assert_eq!(ch.status, 200, "{}", ch.json);
    let outbox = stub.get("/sandbox/sms?to=13800138000", None).await;
    assert_eq!(
        outbox.json["messages"].as_array().unwrap().last().unwrap()["purpose"],
        "handling"
    );
    let code = stub.last_code("13800138000").await;
    let body = |v: &str| json!({ "violation_ids": ["w-101", "w-102"], "rules_version": v, "challenge_id": ch.json["challenge_id"], "code": code });
    let old = stub
        .call_with(
            Method::POST,
            "/api/handling",
            Some(&t),
            body("2019.1"),
            &[("Idempotency-Key", "h-1")],
        )
        .await;
    assert_eq!((old.status.as_u16(), old.code()), (422, "rules_not_agreed"));
    let nokey = stub.post("/api/handling", Some(&t), body(&version)).await;
    assert_eq!(nokey.json["error"]["field"], "Idempotency-Key");
    let done = stub
        .call_with(
            Method::POST,
            "/api/handling",
            Some(&t),
            body(&version),
            &[("Idempotency-Key", "h-1")],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.json);
    let decisions = done.json["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    assert!(decisions
        .iter()
        .all(|d| d["decision_number"].as_str().unwrap().len() == 16));
    assert_eq!(done.json["total_fen"], 30_000);
    let again = stub
        .call_with(
            Method::POST,
            "/api/handling",
            Some(&t),
            body(&version),
            &[("Idempotency-Key", "h-1")],
        )
        .await;
    assert_eq!(again.json, done.json, "a retry returns the first decisions");
    assert_eq!(
        stub.get("/api/me", Some(&t)).await.json["points"],
        1,
        "points go on the handler"
    );
    let w = stub.get("/api/violations/w-101", Some(&t)).await;
    assert_eq!(w.json["status"], "processed");
    assert_eq!(w.json["decision_date"], decisions[0]["decision_date"]);
    assert_eq!(w.json["not_handleable"], "already_handled");
}

async fn other_user(stub: &Stub) -> String {
    stub.sign_in("13700137000").await
}

async fn create(
    stub: &Stub,
    t: &str,
    key: &str,
    decisions: &[&str],
    channel: &str,
    host: &str,
) -> common::Answer {
    let body = json!({ "decision_numbers": decisions, "channel": channel, "host": host, "return_path": "/pay/result" });
    stub.call_with(
        Method::POST,
        "/api/payments",
        Some(t),
        body,
        &[("Idempotency-Key", key)],
    )
    .await
}

#[tokio::test]
async fn payment_orders_are_idempotent_and_one_per_decision() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let list = stub.get("/api/violations?status=processed", Some(&t)).await;
    let d105 = by_id(&list.json, "w-105")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let d106 = by_id(&list.json, "w-106")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let d107 = by_id(&list.json, "w-107")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let due = by_id(&list.json, "w-105")["fine_fen"].as_i64().unwrap()
        + by_id(&list.json, "w-105")["surcharge_fen"]
            .as_i64()
            .unwrap()
        + 15_000;

    let a = create(&stub, &t, "p-1", &[&d105, &d106], "wechat", "browser").await;
    assert_eq!(a.status, 201, "{}", a.json);
    assert_eq!(a.json["state"], "pending");
    assert_eq!(a.json["amount_fen"], due);
    let id = a.json["order_id"].as_str().unwrap().to_string();
    assert_eq!(a.json["action"]["kind"], "redirect");
    let url = a.json["action"]["url"].as_str().unwrap();
    assert_eq!(
        url,
        format!("/sandbox/pay/{id}"),
        "the provider's link carries no return address"
    );

    let b = create(&stub, &t, "p-1", &[&d105, &d106], "wechat", "browser").await;
    assert_eq!(b.json["order_id"], id.as_str(), "same key: same order");
    let c = create(&stub, &t, "p-2", &[&d106, &d105], "wechat", "browser").await;
    assert_eq!(
        c.json["order_id"],
        id.as_str(),
        "different key, same decisions: same order"
    );
    let orders = stub.get("/sandbox/orders", None).await;
    let listed = orders.json["orders"].as_array().unwrap();
    assert_eq!(
        listed.len(),
        1,
        "three creations, one order: {}",
        orders.json
    );
    assert_eq!(listed[0]["owner"], "13800138000");
    assert_eq!(listed[0]["order"]["order_id"], id.as_str());
    let conflict = create(&stub, &t, "p-1", &[&d105], "wechat", "browser").await;
    assert_eq!(conflict.code(), "idempotency_conflict");
    let blocked = create(
        &stub,
        &t,
        "p-3",
        &[&d105, &d106],
        "alipay",
        "wechat_browser",
    )
    .await;
    assert_eq!(
        (blocked.status.as_u16(), blocked.code()),
        (422, "channel_unavailable")
    );
    // JSAPI needs the payer's openid first: refused, typed, until it is bound.
    let unbound = create(
        &stub,
        &t,
        "p-4",
        &[&d105, &d106],
        "wechat",
        "wechat_browser",
    )
    .await;
    assert_eq!(
        (unbound.status.as_u16(), unbound.code()),
        (422, "payer_required")
    );
    authorize(&stub, &t, "wechat_browser", true).await;
    let jsapi = create(
        &stub,
        &t,
        "p-4",
        &[&d105, &d106],
        "wechat",
        "wechat_browser",
    )
    .await;
    assert_eq!(jsapi.json["order_id"], id.as_str());
    assert_eq!(jsapi.json["action"]["kind"], "wechat_jsapi");
    assert_eq!(jsapi.json["action"]["params"]["signType"], "RSA");
    assert!(jsapi.json["action"]["params"]["package"]
        .as_str()
        .unwrap()
        .starts_with("prepay_id="));
    let mini = create(
        &stub,
        &t,
        "p-5",
        &[&d105, &d106],
        "wechat",
        "wechat_mini_program",
    )
    .await;
    assert_eq!(
        mini.json["action"]["path"],
        format!("/pages/pay/pay?order={id}")
    );
    assert_eq!(mini.json["action"]["kind"], "wechat_mini_program");
    let unbound = create(&stub, &t, "p-6", &[&d105, &d106], "alipay", "alipay_app").await;
    assert_eq!(
        unbound.code(),
        "payer_required",
        "the WeChat openid is not an Alipay buyer id"
    );
    authorize(&stub, &t, "alipay_app", true).await;
    let ali = create(&stub, &t, "p-6", &[&d105, &d106], "alipay", "alipay_app").await;
    assert_eq!(ali.json["action"]["kind"], "alipay_trade_pay");
    // An Alipay mini-program web-view has no tradePay: it hands over to the mini-program's page.
    let ali_mini = create(
        &stub,
        &t,
        "p-6m",
        &[&d105, &d106],
        "alipay",
        "alipay_mini_program",
    )
    .await;
    assert_eq!(ali_mini.json["order_id"], id.as_str());
    assert_eq!(ali_mini.json["action"]["kind"], "alipay_mini_program");
    assert_eq!(
        ali_mini.json["action"]["path"],
        format!("/pages/pay/pay?order={id}")
    );
    assert_eq!(ali.json["channel"], "alipay");
    let paid = create(&stub, &t, "p-7", &[&d107], "wechat", "browser").await;
    assert_eq!((paid.status.as_u16(), paid.code()), (409, "already_paid"));
    let unknown = create(&stub, &t, "p-8", &["1234567890123456"], "wechat", "browser").await;
    assert_eq!(unknown.status, 404);
    let malformed = create(&stub, &t, "p-9", &["12"], "wechat", "browser").await;
    assert_eq!(malformed.code(), "validation");

    // the simulated page: cancel, then pay the same order
    let page = stub
        .client
        .get(format!("{}/sandbox/pay/{id}", stub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("lang=\"zh-CN\"")
            && html.contains(&format!("{}.", due / 100))
            && html.contains("value=\"cancel\"")
    );
    let cancel = stub
        .client
        .post(format!("{}/sandbox/pay/{id}", stub.base))
        .form(&[("outcome", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 303);
    assert_eq!(
        cancel.headers()["location"],
        format!("/pay/result?order={id}")
    );
    assert_eq!(
        stub.get(&format!("/api/payments/{id}"), Some(&t))
            .await
            .json["state"],
        "cancelled"
    );
    let unpaid = stub
        .get(&format!("/api/payments/{id}/receipt"), Some(&t))
        .await;
    assert_eq!(
        (unpaid.status.as_u16(), unpaid.code()),
        (409, "wrong_state")
    );
    let retry = create(&stub, &t, "p-10", &[&d105, &d106], "wechat", "browser").await;
    assert_eq!(
        retry.json["order_id"],
        id.as_str(),
        "a cancelled order is paid again, never a second one"
    );
    let settled = stub
        .post(
            &format!("/sandbox/pay/{id}"),
            None,
            json!({ "outcome": "pay" }),
        )
        .await;
    assert_eq!(settled.status, 200);
    assert_eq!(settled.json["state"], "paid");
    assert!(settled.json.get("action").is_none());
    assert!(settled.json["paid_at"].is_string());
    let twice = stub
        .post(
            &format!("/sandbox/pay/{id}"),
            None,
            json!({ "outcome": "pay" }),
        )
        .await;
    assert_eq!((twice.status.as_u16(), twice.code()), (409, "already_paid"));
    assert_eq!(
        stub.get("/api/violations/w-105", Some(&t)).await.json["paid"],
        true
    );
    assert_eq!(
        stub.get("/api/messages", Some(&t)).await.json["messages"][0]["kind"],
        "payment_confirmed"
    );
    // The receipt: every decision with its fine and the surcharge charged, the order, the time.
    let receipt = stub
        .get(&format!("/api/payments/{id}/receipt"), Some(&t))
        .await;
    assert_eq!(receipt.status, 200, "{}", receipt.json);
    assert_eq!(receipt.json["order_id"], id.as_str());
    assert_eq!(receipt.json["amount_fen"], due);
    assert_eq!(receipt.json["paid_at"], settled.json["paid_at"]);
    let items = receipt.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let sum: i64 = items
        .iter()
        .map(|i| i["fine_fen"].as_i64().unwrap() + i["surcharge_fen"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, due, "the lines add up to the amount charged");
    let w105 = items
        .iter()
        .find(|i| i["decision_number"] == d105.as_str())
        .unwrap();
    assert_eq!(
        w105["surcharge_fen"],
        by_id(&list.json, "w-105")["surcharge_fen"],
        "the surcharge as charged"
    );
    assert!(w105["plate_number"].as_str().unwrap().starts_with('京'));
    // The paid violation and the message lead to it.
    assert_eq!(
        stub.get("/api/violations/w-105", Some(&t)).await.json["paid_order_id"],
        id.as_str()
    );
    let message = &stub.get("/api/messages", Some(&t)).await.json["messages"][0];
    assert_eq!(message["order_id"], id.as_str());
    assert!(message["plate_number"].as_str().unwrap().starts_with('京'));
    assert_eq!(
        stub.get(
            &format!("/api/payments/{id}/receipt"),
            Some(&other_user(&stub).await)
        )
        .await
        .status,
        404,
        "another user's receipt is not found"
    );
    let after = create(&stub, &t, "p-11", &[&d105], "wechat", "browser").await;
    assert_eq!(after.code(), "already_paid");
    let other = stub.sign_in("13900139000").await;
    assert_eq!(
        stub.get(&format!("/api/payments/{id}"), Some(&other))
            .await
            .status,
        404
    );
}

/// Alipay's wap page in a browser offers the merchant's `quit_url` (the order's `quit_path`, kept with
/// the order); quitting leaves the order unpaid, and no other site can be named.
#[tokio::test]
async fn alipay_wap_page_offers_the_quit_url() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let list = stub.get("/api/violations?status=processed", Some(&t)).await;
    let d106 = by_id(&list.json, "w-106")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let body = |quit: &str| {
        json!({ "decision_numbers": [d106], "channel": "alipay", "host": "browser",
                "return_path": "/pay/result", "quit_path": quit })
    };
    for (i, bad) in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "pay/result",
    ]
    .iter()
    .enumerate()
    {
        let refused = stub
            .call_with(
                Method::POST,
                "/api/payments",
                Some(&t),
                body(bad),
                &[("Idempotency-Key", &format!("q-bad-{i}"))],
            )
            .await;
        assert_eq!(
            (refused.status.as_u16(), refused.code()),
            (422, "validation"),
            "{bad}"
        );
        assert_eq!(refused.json["error"]["field"], "quit_path");
    }
    let made = stub
        .call_with(
            Method::POST,
            "/api/payments",
            Some(&t),
            body("/pay/result?quit=1"),
            &[("Idempotency-Key", "q-1")],
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.json);
    let id = made.json["order_id"].as_str().unwrap().to_string();
    let url = made.json["action"]["url"].as_str().unwrap().to_string();
    let html = stub
        .client
        .get(format!("{}{url}", stub.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("href=\"/pay/result?quit=1&amp;order={id}\"")),
        "the quit link goes to the quit_path with the order: {html}"
    );
    assert_eq!(
        stub.get(&format!("/api/payments/{id}"), Some(&t))
            .await
            .json["state"],
        "pending"
    );

    // WeChat's H5 page has no quit link (the user goes back), nor has an order made without one.
    let wechat = stub
        .call_with(
            Method::POST,
            "/api/payments",
            Some(&t),
            json!({ "decision_numbers": [d106], "channel": "wechat", "host": "browser",
                    "return_path": "/pay/result", "quit_path": "/pay/result?quit=1" }),
            &[("Idempotency-Key", "q-2")],
        )
        .await;
    let url = wechat.json["action"]["url"].as_str().unwrap().to_string();
    let html = stub
        .client
        .get(format!("{}{url}", stub.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("class=\"quit\""), "{html}");
}

#[tokio::test]
async fn payment_window_closes_around_midnight() {
    let stub = Stub::start().await;
    let t = stub.sign_in("13800138000").await;
    let list = stub.get("/api/violations?status=processed", Some(&t)).await;
    let d = by_id(&list.json, "w-106")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    stub.advance_to(23, 50).await;
    let closed = create(&stub, &t, "w-1", &[&d], "wechat", "browser").await;
    assert_eq!(
        (closed.status.as_u16(), closed.code()),
        (409, "payment_window_closed")
    );
    stub.advance_to(0, 4).await;
    assert_eq!(
        create(&stub, &t, "w-1", &[&d], "wechat", "browser")
            .await
            .code(),
        "payment_window_closed"
    );
    stub.advance_to(0, 6).await;
    assert_eq!(
        create(&stub, &t, "w-1", &[&d], "wechat", "browser")
            .await
            .status,
        201
    );
}

/// Query parameter `name` of a URL.
fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Goes through the host's authorization as the user would: asks for the URL, opens the
/// simulated page, allows (or declines). Returns the address the page sent the user back to.
async fn authorize_to(stub: &Stub, t: &str, host: &str, allow: bool) -> String {
    let a = stub
        .post(
            "/api/payments/payer-authorization",
            Some(t),
            json!({ "host": host, "return_path": "/pay/check" }),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.json);
    let url = a.json["authorize_url"].as_str().unwrap().to_string();
    let page = stub
        .client
        .get(format!("{}{url}", stub.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "{url}");
    let html = page.text().await.unwrap();
    assert!(html.contains("lang=\"zh-CN\"") && html.contains("value=\"decline\""));
    let state = param(&url, "state").unwrap();
    let redirect_uri = param(&url, "redirect_uri").unwrap();
    let back = stub
        .client
        .post(format!("{}{}", stub.base, url.split('?').next().unwrap()))
        .form(&[
            ("outcome", if allow { "allow" } else { "decline" }),
            ("redirect_uri", redirect_uri.as_str()),
            ("state", state.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 303);
    back.headers()["location"].to_str().unwrap().to_string()
}

/// Authorizes and binds the payer (allow), or checks the decline's return (no code).
async fn authorize(stub: &Stub, t: &str, host: &str, allow: bool) {
    let back = authorize_to(stub, t, host, allow).await;
    let code_name = if host == "alipay_app" {
        "auth_code"
    } else {
        "code"
    };
    if !allow {
        assert!(
            param(&back, code_name).is_none() && param(&back, "state").is_some(),
            "{back}"
        );
        return;
    }
    let bound = stub
        .post(
            "/api/payments/payer",
            Some(t),
            json!({ "code": param(&back, code_name).unwrap(), "state": param(&back, "state").unwrap() }),
        )
        .await;
    assert_eq!(bound.status, 200, "{}", bound.json);
    assert_eq!(bound.json["host"], host);
    assert!(
        bound.json.get("openid").is_none() && bound.json.get("buyer_id").is_none(),
        "the id stays on the server"
    );
}

#[tokio::test]
async fn the_payer_id_comes_from_the_hosts_authorization_bound_to_the_session() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let other = stub.sign_in("13900139000").await;

    // The URL: WeChat's parameters, in WeChat's order, back to this site.
    let a = stub
        .post(
            "/api/payments/payer-authorization",
            Some(&t),
            json!({ "host": "wechat_browser", "return_path": "/pay/check" }),
        )
        .await;
    let url = a.json["authorize_url"].as_str().unwrap();
    assert!(
        url.starts_with("/sandbox/oauth/wechat/authorize?appid=wx"),
        "{url}"
    );
    assert!(
        url.contains("&response_type=code&scope=snsapi_base&state=")
            && url.ends_with("#wechat_redirect"),
        "{url}"
    );
    assert_eq!(
        param(url, "redirect_uri").unwrap(),
        format!("{}/pay/check", stub.base)
    );
    let ali = stub
        .post(
            "/api/payments/payer-authorization",
            Some(&t),
            json!({ "host": "alipay_app", "return_path": "/pay/check" }),
        )
        .await;
    let ali_url = ali.json["authorize_url"].as_str().unwrap();
    assert!(
        ali_url.starts_with("/sandbox/oauth/alipay/authorize?app_id=")
            && ali_url.contains("scope=auth_base"),
        "{ali_url}"
    );
    for (host, path) in [
        ("browser", "/pay/check"),
        ("wechat_mini_program", "/pay/check"),
        ("wechat_browser", "//evil.example/x"),
        ("wechat_browser", "https://evil.example/"),
    ] {
        let bad = stub
            .post(
                "/api/payments/payer-authorization",
                Some(&t),
                json!({ "host": host, "return_path": path }),
            )
            .await;
        assert_eq!(bad.code(), "validation", "{host} {path}");
    }
    // The simulated page refuses what WeChat refuses: another app id, a return off the domain.
    let state = param(url, "state").unwrap();
    for bad in [
        format!("/sandbox/oauth/wechat/authorize?appid=wxother&redirect_uri=http%3A%2F%2F127.0.0.1%2F&response_type=code&scope=snsapi_base&state={state}"),
        format!("/sandbox/oauth/wechat/authorize?appid=wx2421b1c4370ec43b&redirect_uri=https%3A%2F%2Fevil.example%2F&response_type=code&scope=snsapi_base&state={state}"),
    ] {
        assert_eq!(stub.client.get(format!("{}{bad}", stub.base)).send().await.unwrap().status(), 400, "{bad}");
    }

    // Declined: back with the state and no code; nothing bound.
    authorize(&stub, &t, "wechat_browser", false).await;

    // Allowed: the code is single-use, the state belongs to the session that asked, both expire.
    let back = authorize_to(&stub, &t, "wechat_browser", true).await;
    assert!(
        back.starts_with(&format!("{}/pay/check?code=", stub.base)),
        "{back}"
    );
    let (code, st) = (
        param(&back, "code").unwrap(),
        param(&back, "state").unwrap(),
    );
    let stolen = stub
        .post(
            "/api/payments/payer",
            Some(&other),
            json!({ "code": code, "state": st }),
        )
        .await;
    assert_eq!(
        (stolen.status.as_u16(), stolen.code()),
        (422, "auth_state_invalid"),
        "another session's state"
    );
    let forged = stub
        .post(
            "/api/payments/payer",
            Some(&t),
            json!({ "code": code, "state": "forged" }),
        )
        .await;
    assert_eq!(forged.code(), "auth_state_invalid");
    let ok = stub
        .post(
            "/api/payments/payer",
            Some(&t),
            json!({ "code": code, "state": st }),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    let again = stub
        .post(
            "/api/payments/payer",
            Some(&t),
            json!({ "code": code, "state": st }),
        )
        .await;
    assert_eq!(again.code(), "auth_state_invalid", "a state is single-use");
    // A used code with a fresh state is refused too.
    let back2 = authorize_to(&stub, &t, "wechat_browser", true).await;
    let reused = stub
        .post(
            "/api/payments/payer",
            Some(&t),
            json!({ "code": code, "state": param(&back2, "state").unwrap() }),
        )
        .await;
    assert_eq!(reused.code(), "auth_code_invalid", "a code is single-use");
    // Expired after 5 minutes.
    let back3 = authorize_to(&stub, &t, "wechat_browser", true).await;
    stub.advance(301).await;
    let late = stub
        .post("/api/payments/payer", Some(&t), json!({ "code": param(&back3, "code").unwrap(), "state": param(&back3, "state").unwrap() }))
        .await;
    assert_eq!(late.code(), "auth_state_invalid");

    // The order is made for the bound payer; another session of the same user must authorize again.
    let list = stub.get("/api/violations?status=processed", Some(&t)).await;
    let d106 = by_id(&list.json, "w-106")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let order = create(&stub, &t, "q-1", &[&d106], "wechat", "wechat_browser").await;
    assert_eq!(order.status, 201, "{}", order.json);
    let orders = stub.get("/sandbox/orders", None).await;
    let openid = orders.json["orders"][0]["payer_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(openid.starts_with('o') && openid.len() == 28, "{openid}");
    let t2 = stub.sign_in("13800138000").await;
    let fresh = create(&stub, &t2, "q-2", &[&d106], "wechat", "wechat_browser").await;
    assert_eq!(fresh.code(), "payer_required");
    // A browser order needs no payer id.
    let h5 = create(&stub, &t2, "q-3", &[&d106], "wechat", "browser").await;
    assert_eq!(h5.status, 201);
}

/// The mini-program's own pay page (`/pages/pay/pay?order=<id>`, opened by the web-view's
/// hand-over) asks, with no session of the web page, for its platform's pay call arguments: the
/// order id and a single-use login code are its authority, and the answer is the pay call's
/// arguments only.
#[tokio::test]
async fn a_mini_program_pay_page_gets_its_pay_call_for_the_order_handed_over() {
    let stub = Stub::start().await;
    stub.advance_to(12, 0).await;
    let t = stub.sign_in("13800138000").await;
    let list = stub.get("/api/violations?status=processed", Some(&t)).await;
    let d106 = by_id(&list.json, "w-106")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let order = |channel: &str, host: &str, key: &str| {
        let (channel, host, key, d106, t) = (
            channel.to_string(),
            host.to_string(),
            key.to_string(),
            d106.clone(),
            t.clone(),
        );
        let stub = &stub;
        async move {
            let made = stub
                .call_with(
                    Method::POST,
                    "/api/payments",
                    Some(&t),
                    json!({ "decision_numbers": [d106], "channel": channel, "host": host, "return_path": "/pay/result" }),
                    &[("Idempotency-Key", key.as_str())],
                )
                .await;
            assert_eq!(made.status, 201, "{}", made.json);
            made.json["order_id"].as_str().unwrap().to_string()
        }
    };
    let pay = |id: &str, channel: &str, code: &str| {
        let path = format!("/api/payments/{id}/mini-program");
        let body = json!({ "channel": channel, "code": code });
        let stub = &stub;
        async move { stub.post(&path, None, body).await }
    };

    let id = order("wechat", "wechat_mini_program", "mp-1").await;
    let wx = pay(&id, "wechat", "wx-login-1").await;
    assert_eq!(wx.status, 200, "{}", wx.json);
    let mut keys: Vec<&str> = wx
        .json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["nonceStr", "package", "paySign", "signType", "timeStamp"],
        "exactly wx.requestPayment's arguments"
    );
    assert!(wx.json["package"]
        .as_str()
        .unwrap()
        .starts_with("prepay_id="));
    assert!(
        wx.json.as_object().unwrap().values().all(Value::is_string),
        "all strings: {}",
        wx.json
    );
    // A login code is taken once; the wrong platform, an unknown order and a paid one are refused.
    let again = pay(&id, "wechat", "wx-login-1").await;
    assert_eq!(
        (again.status.as_u16(), again.code()),
        (422, "auth_code_invalid")
    );
    let wrong = pay(&id, "alipay", "ali-login-1").await;
    assert_eq!(
        (wrong.status.as_u16(), wrong.code()),
        (422, "channel_unavailable")
    );
    assert_eq!(
        pay("no-such-order", "wechat", "wx-login-2").await.status,
        404
    );
    let empty = pay(&id, "wechat", "").await;
    assert_eq!((empty.status.as_u16(), empty.code()), (422, "validation"));
    assert!(
        stub.get("/sandbox/orders", None).await.json["orders"][0]["payer_id"]
            .as_str()
            .is_some_and(|p| p.starts_with("mp-wechat-")),
        "the payer is the code's"
    );
    stub.post(
        &format!("/sandbox/pay/{id}"),
        None,
        json!({ "outcome": "pay" }),
    )
    .await;
    let paid = pay(&id, "wechat", "wx-login-3").await;
    assert_eq!((paid.status.as_u16(), paid.code()), (409, "already_paid"));

    // An Alipay mini-program: my.tradePay's trade number, for an order handed to it.
    let d105 = by_id(&list.json, "w-105")["decision_number"]
        .as_str()
        .unwrap()
        .to_string();
    let made = stub
        .call_with(
            Method::POST,
            "/api/payments",
            Some(&t),
            json!({ "decision_numbers": [d105], "channel": "alipay", "host": "alipay_mini_program", "return_path": "/pay/result" }),
            &[("Idempotency-Key", "mp-2")],
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.json);
    let ali = pay(
        made.json["order_id"].as_str().unwrap(),
        "alipay",
        "ali-login-2",
    )
    .await;
    assert_eq!(ali.status, 200, "{}", ali.json);
    assert_eq!(
        ali.json.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["trade_no"]
    );
}
