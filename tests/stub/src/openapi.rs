//! The OpenAPI 3.1 document, generated from the contract types and the handlers' annotations.

use std::sync::OnceLock;

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::{routes, sandbox};
use beian_contract::endpoint::{self as ep, Endpoint};

/// A binary image body (`image/jpeg` or `image/png`).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Image(#[allow(dead_code)] Vec<u8>);

/// Photo slots a client may upload (the path parameter of the photo route).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SlotParam {
    /// The vehicle's front at 45°.
    VehicleFront45,
    /// The engine-number plate.
    EngineNumber,
}

/// Document kinds a client may upload (the path parameter of the document route).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum DocumentKindParam {
    /// A photo of the applicant holding their ID card.
    SelfieWithIdCard,
    /// The applicant's driving licence.
    DrivingLicence,
}

/// The OpenAPI document itself.
#[derive(ToSchema)]
#[schema(value_type = Object)]
pub struct OpenApiDocument(#[allow(dead_code)] serde_json::Value);

/// This document.
#[utoipa::path(get, path = <ep::OpenApi as Endpoint>::PATH, tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = OpenApiDocument)))]
pub async fn serve_document() -> axum::Json<serde_json::Value> {
    axum::Json(document().clone())
}

/// The document as JSON (built once).
pub fn document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
        crate::openapi_rules::finish(&mut doc);
        doc
    })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "beian API",
        version = "1.0.0",
        description = "Filing (binding) a vehicle not in your name and paying its camera-recorded fines. \
            Served by the stub in `tests/stub`; routes under `/sandbox` (tag `sandbox`) exist only in the stub."
    ),
    paths(
        routes::session::send_sign_in_code, routes::session::sign_in, routes::session::sign_out, routes::session::me,
        routes::filing::lookup_vehicle, routes::filing::resolve_qr, routes::filing::put_match_photo, routes::filing::send_owner_code, routes::filing::create_filing,
        routes::filing::get_filing, routes::filing::put_photo, routes::filing::face_check, routes::filing::face_check_no_camera, routes::filing::put_document,
        routes::filing::submit_review,
        routes::vehicles::list_vehicles, routes::vehicles::unbind_vehicle,
        routes::violations::list_violations, routes::violations::get_violation,
        routes::handling::handling_rules, routes::handling::send_handling_code, routes::handling::handle_violations,
        routes::payments::create_payment, routes::payments::get_payment, routes::payments::get_receipt, routes::payments::mini_program_pay, routes::payer::payer_authorization, routes::payer::bind_payer,
        routes::messages::list_messages, routes::messages::mark_message_read,
        serve_document,
        sandbox::sms_outbox, sandbox::reset_world, sandbox::advance_clock, sandbox::list_faults, sandbox::add_fault, sandbox::clear_faults,
        sandbox::set_face_check, sandbox::list_reviews, sandbox::decide_review, sandbox::list_orders, sandbox::pay_page, sandbox::settle_payment,
        crate::oauth::wechat_page, crate::oauth::wechat_answer, crate::oauth::alipay_page, crate::oauth::alipay_answer,
    ),
    components(schemas(beian_contract::ApiError, beian_contract::ErrorCode, SlotParam, DocumentKindParam)),
    modifiers(&Common),
    tags(
        (name = "session", description = "Sign-in by SMS code"),
        (name = "filing", description = "Filing a vehicle not in your name"),
        (name = "vehicles", description = "My filed vehicles"),
        (name = "violations", description = "Camera-recorded violations"),
        (name = "handling", description = "Handling violations"),
        (name = "payments", description = "Paying penalty decisions"),
        (name = "messages", description = "In-app messages"),
        (name = "meta", description = "This document"),
        (name = "sandbox", description = "Stub only: the simulated world (SMS outbox, clock, faults, review desk, payment page)"),
    )
)]
struct ApiDoc;

/// Adds the bearer scheme and the error answers every route can give.
struct Common;

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build()
        .into()
}

/// The headers every answer under `/api` carries (personal data must not be cached or sniffed).
fn api_headers(resp: &mut utoipa::openapi::Response) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let constant = |value: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some([value]))
            .build()
    };
    resp.headers.insert(
        "Cache-Control".into(),
        HeaderBuilder::new()
            .schema(constant("no-store"))
            .description(Some(
                "Always `no-store`: answers hold personal data (errors too)",
            ))
            .build(),
    );
    resp.headers.insert(
        "X-Content-Type-Options".into(),
        HeaderBuilder::new()
            .schema(constant("nosniff"))
            .description(Some("Always `nosniff`"))
            .build(),
    );
}

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Session token from POST /api/session"))
                    .build(),
            ),
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            let ops: [&mut Option<Operation>; 4] = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
            ];
            for op in ops.into_iter().flatten() {
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_response(description));
                };
                if op.request_body.is_some() {
                    add(
                        "400",
                        "`bad_request`: the body could not be read as this route's request",
                    );
                }
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "`unauthenticated`: no valid session");
                }
                if op.request_body.is_some() {
                    add(
                        "413",
                        "`payload_too_large`: the body is over the route's limit (64 KiB of JSON, 4 MiB for an image)",
                    );
                }
                if api {
                    add("500", "`internal` (also injected faults)");
                    add("503", "`unavailable` (also injected faults)");
                }
                add("default", "Any other error (e.g. an injected fault)");
                if api {
                    for resp in responses.values_mut() {
                        if let RefOr::T(resp) = resp {
                            api_headers(resp);
                        }
                    }
                }
            }
        }
    }
}
