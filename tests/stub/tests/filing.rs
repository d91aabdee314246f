//! Filing a vehicle: lookup, QR, owner consent, face check, documents, review, limits.

mod common;

use common::{jpeg, Stub};
use reqwest::Method;
use serde_json::{json, Value};

/// Looks up, asks the owner's code, creates the filing; returns the filing.
async fn apply_by_sms(
    stub: &Stub,
    token: &str,
    plate_type: &str,
    plate: &str,
    engine: &str,
    owner: &str,
) -> Value {
    let m = stub
        .post(
            "/api/filings/lookup",
            Some(token),
            json!({ "plate_type": plate_type, "plate_number": plate, "engine_last6": engine }),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.json);
    let key = format!("key-{}", m.json["match_id"].as_str().unwrap());
    create_for_match(stub, token, &m.json, owner, &key).await
}

async fn create_for_match(stub: &Stub, token: &str, m: &Value, owner: &str, key: &str) -> Value {
    let id = m["match_id"].as_str().unwrap();
    let ch = stub
        .post(
            &format!("/api/filings/matches/{id}/owner-code"),
            Some(token),
            Value::Null,
        )
        .await;
    assert_eq!(ch.status, 200, "{}", ch.json);
    let code = stub.last_code(owner).await;
    let body = json!({ "match_id": id, "challenge_id": ch.json["challenge_id"], "code": code });
    let f = stub
        .call_with(
            Method::POST,
            "/api/filings",
            Some(token),
            body,
            &[("Idempotency-Key", key)],
        )
        .await;
    assert_eq!(f.status, 201, "{}", f.json);
    f.json
}

async fn set_face(stub: &Stub, outcome: &str) {
    assert_eq!(
        stub.post("/sandbox/face-check", None, json!({ "outcome": outcome }))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn filing_by_sms_is_approved_after_a_face_pass() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let m = stub
        .post(
            "/api/filings/lookup",
            Some(&token),
            json!({ "plate_type": "02", "plate_number": "粤b６7890", "engine_last6": "305118" }),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.json);
    assert_eq!(m.json["plate_number"], "粤B67890");
    assert_eq!(m.json["masked_owner_phone"], "135****5000");
    assert_eq!(m.json["required_photos"], json!([]));
    let match_id = m.json["match_id"].as_str().unwrap().to_string();
    let ch = stub
        .post(
            &format!("/api/filings/matches/{match_id}/owner-code"),
            Some(&token),
            Value::Null,
        )
        .await;
    assert_eq!(ch.json["masked_phone"], "135****5000");
    let outbox = stub.get("/sandbox/sms?to=13500135000", None).await;
    assert_eq!(outbox.json["messages"][0]["purpose"], "owner_consent");
    let code = stub.last_code("13500135000").await;
    let body =
        json!({ "match_id": match_id, "challenge_id": ch.json["challenge_id"], "code": code });

    let missing = stub.post("/api/filings", Some(&token), body.clone()).await;
    assert_eq!(
        (missing.status.as_u16(), missing.code()),
        (422, "validation")
    );
    assert_eq!(missing.json["error"]["field"], "Idempotency-Key");

    let first = stub
        .call_with(
            Method::POST,
            "/api/filings",
            Some(&token),
            body.clone(),
            &[("Idempotency-Key", "k-1")],
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.json);
    assert_eq!(first.json["state"], "awaiting_face_check");
    assert_eq!(first.json["method"], "owner_sms");
    let again = stub
        .call_with(
            Method::POST,
            "/api/filings",
            Some(&token),
            body.clone(),
            &[("Idempotency-Key", "k-1")],
        )
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(
        again.json["id"], first.json["id"],
        "same key and body: the first result"
    );
    let mut other = body.clone();
    other["relationship"] = json!("friend");
    let conflict = stub
        .call_with(
            Method::POST,
            "/api/filings",
            Some(&token),
            other,
            &[("Idempotency-Key", "k-1")],
        )
        .await;
    assert_eq!(
        (conflict.status.as_u16(), conflict.code()),
        (422, "idempotency_conflict")
    );

    let id = first.json["id"].as_str().unwrap();
    let face = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(face.status, 200, "{}", face.json);
    assert_eq!(face.json["passed"], true);
    assert_eq!(face.json["filing"]["state"], "approved");

    let list = stub.get("/api/vehicles", Some(&token)).await;
    let v = list.json["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(v["state"], "approved");
    assert_eq!(v["may_handle"], true);
    assert_eq!(list.json["limits"]["vehicles_held"], 3);
    assert_eq!(list.json["limits"]["applications_today"], 1);
    assert_eq!(list.json["limits"]["max_vehicles"], 3);

    let msgs = stub.get("/api/messages", Some(&token)).await;
    assert_eq!(msgs.json["messages"][0]["kind"], "filing_approved");
    assert_eq!(msgs.json["messages"][0]["plate_number"], "粤B67890");
    let unread = msgs.json["unread"].as_u64().unwrap();
    assert_eq!(
        stub.get("/api/me", Some(&token)).await.json["unread_messages"]
            .as_u64()
            .unwrap(),
        unread
    );
    let mid = msgs.json["messages"][0]["id"].as_str().unwrap();
    assert_eq!(
        stub.post(
            &format!("/api/messages/{mid}/read"),
            Some(&token),
            Value::Null
        )
        .await
        .status,
        204
    );
    assert_eq!(
        stub.get("/api/me", Some(&token)).await.json["unread_messages"]
            .as_u64()
            .unwrap(),
        unread - 1
    );
    assert_eq!(
        stub.post("/api/messages/m-nope/read", Some(&token), Value::Null)
            .await
            .status,
        404
    );

    // the applied vehicle's violations are visible now
    let w = stub
        .get(&format!("/api/violations?vehicle_id={id}"), Some(&token))
        .await;
    assert_eq!(w.json["violations"][0]["id"], "w-301");
    // the face check is done
    let again = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!((again.status.as_u16(), again.code()), (409, "wrong_state"));
}

#[tokio::test]
async fn face_fail_then_documents_then_review_reject_notifies_both() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13700137000").await;
    let f = apply_by_sms(&stub, &token, "02", "粤B67890", "305118", "13500135000").await;
    let id = f["id"].as_str().unwrap();
    set_face(&stub, "fail").await;
    let face = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(face.status, 200);
    assert_eq!(face.json["passed"], false);
    assert_eq!(face.json["filing"]["state"], "awaiting_documents");

    let early = stub
        .post(
            &format!("/api/filings/{id}/review"),
            Some(&token),
            Value::Null,
        )
        .await;
    assert_eq!(
        (early.status.as_u16(), early.code()),
        (422, "photo_missing")
    );
    let bad = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/selfie_with_id_card"),
            &token,
            "image/jpeg",
            b"hello".to_vec(),
        )
        .await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "photo_rejected"));
    let bad = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/selfie_with_id_card"),
            &token,
            "text/plain",
            jpeg(),
        )
        .await;
    assert_eq!(bad.code(), "photo_rejected");
    let big = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/selfie_with_id_card"),
            &token,
            "image/jpeg",
            {
                let mut v = jpeg();
                v.resize(4 * 1024 * 1024 + 1, 0);
                v
            },
        )
        .await;
    assert_eq!(
        (big.status.as_u16(), big.code()),
        (413, "payload_too_large"),
        "over 4 MiB"
    );
    let kind = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/passport"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(
        (kind.code(), kind.json["error"]["field"].as_str()),
        ("validation", Some("kind"))
    );
    let doc = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/selfie_with_id_card"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(doc.status, 200, "{}", doc.json);
    assert_eq!(doc.json["documents"], json!(["selfie_with_id_card"]));

    let review = stub
        .post(
            &format!("/api/filings/{id}/review"),
            Some(&token),
            Value::Null,
        )
        .await;
    assert_eq!(review.json["state"], "pending_review");
    let msgs = stub.get("/api/messages", Some(&token)).await;
    assert_eq!(msgs.json["messages"][0]["kind"], "filing_under_review");
    let queue = stub.get("/sandbox/reviews", None).await;
    assert!(queue.json["pending"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == id));

    let no_reason = stub
        .post(
            &format!("/sandbox/reviews/{id}"),
            None,
            json!({ "approve": false }),
        )
        .await;
    assert_eq!(
        (
            no_reason.status.as_u16(),
            no_reason.json["error"]["field"].as_str()
        ),
        (422, Some("reason"))
    );
    let rejected = stub
        .post(
            &format!("/sandbox/reviews/{id}"),
            None,
            json!({ "approve": false, "reason": "证件照片模糊" }),
        )
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.json);
    assert_eq!(rejected.json["state"], "rejected");
    assert_eq!(rejected.json["reason"], "证件照片模糊");
    let twice = stub
        .post(
            &format!("/sandbox/reviews/{id}"),
            None,
            json!({ "approve": true }),
        )
        .await;
    assert_eq!((twice.status.as_u16(), twice.code()), (409, "wrong_state"));

    let msgs = stub.get("/api/messages", Some(&token)).await;
    assert_eq!(msgs.json["messages"][0]["kind"], "filing_rejected");
    assert_eq!(msgs.json["messages"][0]["reason"], "证件照片模糊");
    for phone in ["13700137000", "13500135000"] {
        let outbox = stub.get(&format!("/sandbox/sms?to={phone}"), None).await;
        let last = outbox.json["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["purpose"], "review_result", "{phone}");
        assert!(last["text"].as_str().unwrap().contains("粤B67890"));
    }
    let f = stub.get(&format!("/api/filings/{id}"), Some(&token)).await;
    assert_eq!(f.json["state"], "rejected");
}

#[tokio::test]
async fn face_check_unavailable_goes_to_documents_and_review_approves() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let f = apply_by_sms(&stub, &token, "52", "浙AF66888", "e20488", "13300133000").await;
    let id = f["id"].as_str().unwrap();
    set_face(&stub, "unavailable").await;
    let face = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(
        (face.status.as_u16(), face.code()),
        (503, "face_check_unavailable")
    );
    assert_eq!(
        stub.get(&format!("/api/filings/{id}"), Some(&token))
            .await
            .json["state"],
        "awaiting_documents"
    );
    let doc = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/driving_licence"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(doc.status, 200);
    assert_eq!(
        stub.post(
            &format!("/api/filings/{id}/review"),
            Some(&token),
            Value::Null
        )
        .await
        .status,
        200
    );
    let ok = stub
        .post(
            &format!("/sandbox/reviews/{id}"),
            None,
            json!({ "approve": true }),
        )
        .await;
    assert_eq!(ok.json["state"], "approved");
    assert_eq!(
        stub.get("/api/messages", Some(&token)).await.json["messages"][0]["kind"],
        "filing_approved"
    );
    let owner_sms = stub.get("/sandbox/sms?to=13300133000", None).await;
    assert_eq!(
        owner_sms.json["messages"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["purpose"],
        "review_result"
    );
    let other = stub
        .get(
            &format!("/api/filings/{id}"),
            Some(&stub.sign_in("13900139000").await),
        )
        .await;
    assert_eq!(other.status, 404, "not the caller's filing");
}

#[tokio::test]
async fn without_a_camera_documents_replace_the_face_check() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let f = apply_by_sms(&stub, &token, "02", "粤B67890", "305118", "13500135000").await;
    let id = f["id"].as_str().unwrap();
    assert_eq!(f["state"], "awaiting_face_check");
    let path = format!("/api/filings/{id}/face-check/no-camera");
    // Documents are refused until the applicant says the face check cannot be taken.
    let early = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/driving_licence"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!((early.status.as_u16(), early.code()), (409, "wrong_state"));
    let first = stub.post(&path, Some(&token), Value::Null).await;
    assert_eq!(first.status, 200, "{}", first.json);
    assert_eq!(first.json["state"], "awaiting_documents");
    let again = stub.post(&path, Some(&token), Value::Null).await;
    assert_eq!(
        (again.status.as_u16(), &again.json["state"]),
        (200, &json!("awaiting_documents")),
        "a retry is harmless"
    );
    let doc = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/documents/selfie_with_id_card"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(doc.status, 200);
    let review = stub
        .post(
            &format!("/api/filings/{id}/review"),
            Some(&token),
            Value::Null,
        )
        .await;
    assert_eq!(review.json["state"], "pending_review");
    let late = stub.post(&path, Some(&token), Value::Null).await;
    assert_eq!(
        (late.status.as_u16(), late.code()),
        (409, "wrong_state"),
        "not once under review"
    );
    let stranger = stub
        .post(&path, Some(&stub.sign_in("13900139000").await), Value::Null)
        .await;
    assert_eq!(stranger.status, 404);
}

#[tokio::test]
async fn qr_filing_needs_both_photos() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let m = stub
        .post(
            "/api/filings/qr",
            Some(&token),
            json!({ "payload": "BEIAN:1:demo-qr-luB2K7X9-active" }),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.json);
    assert_eq!(m.json["plate_number"], "鲁B2K7X9");
    assert_eq!(
        m.json["required_photos"],
        json!([{ "slot": "vehicle_front45" }, { "slot": "engine_number" }])
    );
    let f = create_for_match(&stub, &token, &m.json, "13300133000", "qr-key").await;
    assert_eq!(f["state"], "awaiting_photos");
    assert_eq!(f["method"], "owner_qr");
    let id = f["id"].as_str().unwrap();
    let early = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!((early.status.as_u16(), early.code()), (409, "wrong_state"));
    let png_as_jpeg = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/photos/vehicle_front45"),
            &token,
            "image/png",
            jpeg(),
        )
        .await;
    assert_eq!(png_as_jpeg.code(), "photo_rejected");
    let one = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/photos/vehicle_front45"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(one.json["missing_photos"], json!(["engine_number"]));
    assert_eq!(one.json["state"], "awaiting_photos");
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0].to_vec();
    let two = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/{id}/photos/engine_number"),
            &token,
            "image/png",
            png,
        )
        .await;
    assert_eq!(two.json["state"], "awaiting_face_check");
    let face = stub
        .upload(
            Method::POST,
            &format!("/api/filings/{id}/face-check"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!(face.json["filing"]["state"], "approved");
    let used = stub
        .post(
            "/api/filings/qr",
            Some(&stub.sign_in("13900139000").await),
            json!({ "payload": "BEIAN:1:demo-qr-luB2K7X9-active" }),
        )
        .await;
    assert_eq!((used.status.as_u16(), used.code()), (409, "qr_used"));
}

#[tokio::test]
async fn qr_resolve_errors() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let cases = [
        ("hello", 422, "qr_invalid"),
        ("BEIAN:2:demo-qr-yueB67890-active", 422, "qr_invalid"),
        ("BEIAN:1:short", 422, "qr_invalid"),
        ("BEIAN:1:unknown-token-1234567", 422, "qr_invalid"),
        ("BEIAN:1:demo-qr-yueB67890-expired", 410, "qr_expired"),
        ("BEIAN:1:demo-qr-zheAF66888-revoked", 410, "qr_revoked"),
        ("BEIAN:1:demo-qr-jingA12345-used", 409, "qr_used"),
        ("BEIAN:1:demo-qr-jingB88888-own", 409, "own_vehicle"),
    ];
    for (payload, status, code) in cases {
        let a = stub
            .post(
                "/api/filings/qr",
                Some(&token),
                json!({ "payload": payload }),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (status, code), "{payload}");
    }
    stub.advance(31 * 86_400).await;
    let a = stub
        .post(
            "/api/filings/qr",
            Some(&token),
            json!({ "payload": "BEIAN:1:demo-qr-yueB67890-active" }),
        )
        .await;
    assert_eq!(a.code(), "qr_expired", "valid codes expire after 30 days");
}

#[tokio::test]
async fn lookup_errors_and_limits() {
    let stub = Stub::start().await;
    let t138 = stub.sign_in("13800138000").await;
    let lookup =
        |plate_type: &'static str, plate: &'static str, engine: &'static str, token: String| {
            let stub = &stub;
            async move {
                stub.post(
                "/api/filings/lookup",
                Some(&token),
                json!({ "plate_type": plate_type, "plate_number": plate, "engine_last6": engine }),
            )
            .await
            }
        };
    let cases = [
        ("01", "苏E12345", "D99001", 422, "plate_type_not_fileable"),
        ("7x", "苏E12345", "D99001", 422, "validation"),
        ("02", "京A1234警", "123456", 422, "plate_type_not_fileable"),
        ("52", "京A12345", "A52011", 422, "validation"),
        ("02", "京A12345", "A520", 422, "validation"),
        ("02", "京A99999", "A52011", 404, "vehicle_not_found"),
        ("02", "粤B67890", "000000", 422, "engine_mismatch"),
        ("02", "京B88888", "A77001", 409, "own_vehicle"),
        ("02", "京A12345", "A52011", 409, "already_filed"),
        ("02", "川A55555", "C33003", 409, "limit_vehicle_filers"),
    ];
    for (pt, plate, engine, status, code) in cases {
        let a = lookup(pt, plate, engine, t138.clone()).await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (status, code),
            "{pt} {plate} {engine}: {}",
            a.json
        );
    }
    // 赵磊 used this year's five applications
    let t136 = stub.sign_in("13600136000").await;
    assert_eq!(
        lookup("02", "鲁B2K7X9", "0M4420", t136).await.code(),
        "limit_yearly"
    );
    // one application a day
    let t137 = stub.sign_in("13700137000").await;
    apply_by_sms(&stub, &t137, "02", "粤B67890", "305118", "13500135000").await;
    assert_eq!(
        lookup("02", "鲁B2K7X9", "0M4420", t137.clone())
            .await
            .code(),
        "limit_daily"
    );
    // three vehicles at a time
    apply_by_sms(&stub, &t138, "52", "浙AF66888", "E20488", "13300133000").await;
    stub.advance(86_400).await;
    assert_eq!(
        lookup("02", "鲁B2K7X9", "0M4420", t138.clone())
            .await
            .code(),
        "limit_vehicles"
    );
    // unbinding frees a place
    let gone = stub
        .call(
            Method::DELETE,
            "/api/vehicles/f-seed-1",
            Some(&t138),
            Value::Null,
        )
        .await;
    assert_eq!(gone.status, 204);
    assert_eq!(
        stub.call(
            Method::DELETE,
            "/api/vehicles/f-seed-1",
            Some(&t138),
            Value::Null
        )
        .await
        .status,
        404
    );
    assert_eq!(
        stub.call(
            Method::DELETE,
            "/api/vehicles/f-seed-3",
            Some(&t138),
            Value::Null
        )
        .await
        .status,
        404,
        "not the caller's"
    );
    let ok = lookup("02", "鲁B2K7X9", "0M4420", t138.clone()).await;
    assert_eq!(ok.status, 200, "{}", ok.json);
    let list = stub.get("/api/vehicles", Some(&t138)).await;
    assert!(list.json["vehicles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["id"] != "f-seed-1"));
}

#[tokio::test]
async fn qr_filing_with_photos_and_details_goes_to_review_in_one_step() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let m = stub
        .post(
            "/api/filings/qr",
            Some(&token),
            json!({ "payload": "  BEIAN:1:demo-qr-yueB67890-active\n" }),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.json);
    assert_eq!(m.json["masked_owner_phone"], "135****5000");
    assert_eq!(
        m.json["required_details"],
        json!(["engine_last6", "relationship"])
    );
    let match_id = m.json["match_id"].as_str().unwrap().to_string();
    let put = |slot: &'static str, ctype: &'static str, body: Vec<u8>| {
        let (stub, token, path) = (
            &stub,
            token.clone(),
            format!("/api/filings/matches/{match_id}/photos/{slot}"),
        );
        async move { stub.upload(Method::PUT, &path, &token, ctype, body).await }
    };
    let bad = put("vehicle_front45", "image/jpeg", b"not a jpeg".to_vec()).await;
    assert_eq!((bad.status.as_u16(), bad.code()), (422, "photo_rejected"));
    let nope = put("nope", "image/jpeg", jpeg()).await;
    assert_eq!((nope.status.as_u16(), nope.code()), (422, "validation"));
    let first = put("vehicle_front45", "image/jpeg", jpeg()).await;
    assert_eq!(first.status, 200, "{}", first.json);
    assert_eq!(first.json["slot"], "vehicle_front45");
    let retake = put("vehicle_front45", "image/jpeg", jpeg()).await;
    let engine = put("engine_number", "image/jpeg", jpeg()).await;
    let (old_id, front_id, engine_id) = (
        first.json["photo_id"].as_str().unwrap().to_string(),
        retake.json["photo_id"].as_str().unwrap().to_string(),
        engine.json["photo_id"].as_str().unwrap().to_string(),
    );
    assert_ne!(old_id, front_id, "a retake is a new photo");

    let ch = stub
        .post(
            &format!("/api/filings/matches/{match_id}/owner-code"),
            Some(&token),
            Value::Null,
        )
        .await;
    assert_eq!(ch.status, 200);
    let code = stub.last_code("13500135000").await;
    let create = |body: Value, key: &'static str| {
        let (stub, token) = (&stub, token.clone());
        async move {
            stub.call_with(
                Method::POST,
                "/api/filings",
                Some(&token),
                body,
                &[("Idempotency-Key", key)],
            )
            .await
        }
    };
    let base = json!({ "match_id": match_id, "challenge_id": ch.json["challenge_id"], "code": code,
        "relationship": "relative", "engine_last6": "305118", "photo_ids": [front_id, engine_id] });
    let mut cases: Vec<(Value, u16, &str, &str)> = Vec::new();
    let mut b = base.clone();
    b["photo_ids"] = json!([old_id, engine_id]);
    cases.push((b, 422, "photo_missing", "a replaced photo is not accepted"));
    let mut b = base.clone();
    b["photo_ids"] = json!([front_id]);
    cases.push((b, 422, "photo_missing", "every required photo"));
    let mut b = base.clone();
    b["engine_last6"] = json!("30511");
    cases.push((b, 422, "validation", "engine digits are checked"));
    let mut b = base.clone();
    b["engine_last6"] = json!("000000");
    cases.push((b, 422, "engine_mismatch", "engine digits must match"));
    let mut b = base.clone();
    b.as_object_mut().unwrap().remove("relationship");
    cases.push((b, 422, "validation", "relationship required"));
    let mut b = base.clone();
    b["relationship"] = json!("landlord");
    cases.push((b, 422, "validation", "unknown relationship"));
    for (i, (body, status, code_, why)) in cases.into_iter().enumerate() {
        let key: &'static str = Box::leak(format!("bad-{i}").into_boxed_str());
        let r = create(body, key).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (status, code_),
            "{why}: {}",
            r.json
        );
    }
    // None of the refusals above used up a try of the owner's code.
    let f = create(base.clone(), "good").await;
    assert_eq!(f.status, 201, "{}", f.json);
    assert_eq!(f.json["state"], "pending_review");
    assert_eq!(f.json["method"], "owner_qr");
    assert_eq!(f.json["missing_photos"], json!([]));
    let again = create(base, "good").await;
    assert_eq!(again.json["id"], f.json["id"], "idempotent replay");

    let queue = stub.get("/sandbox/reviews", None).await;
    assert!(queue.json["pending"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["plate_number"] == "粤B67890"));
    let msgs = stub.get("/api/messages", Some(&token)).await;
    assert!(
        msgs.json.to_string().contains("filing_under_review"),
        "{}",
        msgs.json
    );
    let reused = stub
        .post(
            "/api/filings/qr",
            Some(&stub.sign_in("13900139000").await),
            json!({ "payload": "BEIAN:1:demo-qr-yueB67890-active" }),
        )
        .await;
    assert_eq!(reused.code(), "qr_used");
}

#[tokio::test]
async fn match_photos_only_for_the_callers_qr_match() {
    let stub = Stub::start().await;
    let token = stub.sign_in("13800138000").await;
    let sms = stub
        .post(
            "/api/filings/lookup",
            Some(&token),
            json!({ "plate_type": "02", "plate_number": "粤B67890", "engine_last6": "305118" }),
        )
        .await;
    assert_eq!(sms.json["required_details"], json!([]));
    let id = sms.json["match_id"].as_str().unwrap();
    let r = stub
        .upload(
            Method::PUT,
            &format!("/api/filings/matches/{id}/photos/engine_number"),
            &token,
            "image/jpeg",
            jpeg(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "wrong_state"));
    let qr = stub
        .post(
            "/api/filings/qr",
            Some(&token),
            json!({ "payload": "BEIAN:1:demo-qr-luB2K7X9-active" }),
        )
        .await;
    let other = stub.sign_in("13900139000").await;
    let path = format!(
        "/api/filings/matches/{}/photos/engine_number",
        qr.json["match_id"].as_str().unwrap()
    );
    let r = stub
        .upload(Method::PUT, &path, &other, "image/jpeg", jpeg())
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"));
}
