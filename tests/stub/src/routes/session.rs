//! Sign-in by SMS code, the session, and `GET /api/me`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use beian_contract::session::{CodeRequest, Me, SessionGrant, SignIn, SmsChallenge};
use beian_contract::ApiError;
use beian_domain::parse_mobile;

use crate::auth::Caller;
use crate::error::{ApiResult, Fail, Json};
use crate::sms::{mask, random_token, send_code, verify_code};
use crate::state::{AppState, Purpose, World};
use beian_contract::endpoint::{self as ep, Endpoint};

/// Sends a sign-in code.
#[utoipa::path(post, path = <ep::SignInCode as Endpoint>::PATH, tag = "session", request_body = CodeRequest,
    responses(
        (status = 200, description = "Code sent", body = SmsChallenge),
        (status = 422, description = "`validation` (field `phone`)", body = ApiError),
        (status = 429, description = "`too_frequent`: wait `retry_after_s`; `challenge_id` names the code sent earlier when it is still valid and unused, and only to the client it was sent for", body = ApiError,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ))]
pub async fn send_sign_in_code(
    State(state): State<AppState>,
    client: crate::limits::ClientAddr,
    Json(req): Json<CodeRequest>,
) -> ApiResult<axum::Json<SmsChallenge>> {
    crate::routes::within("phone", &req.phone, beian_contract::rules::PHONE_MAX)?;
    let phone = parse_mobile(&req.phone).map_err(|e| Fail::validation("phone", e.to_string()))?;
    let mut world = state.world();
    match send_code(
        &mut world,
        phone.as_str(),
        Purpose::SignIn,
        String::new(),
        phone.as_str(),
    ) {
        Ok(ch) => {
            world
                .sign_in_clients
                .insert(ch.challenge_id.clone(), client.0);
            Ok(axum::Json(ch))
        }
        // The earlier code is named only to the client it was sent for: someone else who types
        // this number learns no challenge id, so cannot spend its tries and void the code.
        Err(Fail(mut e)) => {
            let named = e
                .error
                .challenge_id
                .as_ref()
                .and_then(|id| world.sign_in_clients.get(id));
            if named != Some(&client.0) {
                e.error.challenge_id = None;
            }
            Err(Fail(e))
        }
    }
}

/// Signs in with the code (registering a new number on first sign-in).
#[utoipa::path(post, path = <ep::SignIn as Endpoint>::PATH, tag = "session", request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = SessionGrant),
        (status = 422, description = "`code_wrong` (with `tries_left`), `code_expired`, `code_exhausted`, `challenge_unknown`, `validation`", body = ApiError),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    Json(req): Json<SignIn>,
) -> ApiResult<axum::Json<SessionGrant>> {
    let mut world = state.world();
    let ch = verify_code(&mut world, &req.challenge_id, &req.code, |c| {
        c.purpose == Purpose::SignIn
    })?;
    world.user_mut(&ch.phone);
    let token = random_token(40);
    world.sessions.insert(token.clone(), ch.phone.clone());
    let me = me_view(&world, &ch.phone);
    Ok(axum::Json(SessionGrant { token, me }))
}

/// Ends the session.
#[utoipa::path(delete, path = <ep::SignOut as Endpoint>::PATH, tag = "session", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> impl IntoResponse {
    state.world().sessions.remove(&caller.token);
    StatusCode::NO_CONTENT
}

/// The signed-in user.
#[utoipa::path(get, path = <ep::Me as Endpoint>::PATH, tag = "session", security(("bearer" = [])),
    responses((status = 200, description = "The user", body = Me)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> axum::Json<Me> {
    let world = state.world();
    axum::Json(me_view(&world, &caller.phone))
}

/// The wire view of a user.
pub fn me_view(world: &World, phone: &str) -> Me {
    let user = world.users.get(phone);
    Me {
        masked_phone: mask(phone),
        masked_name: user.and_then(|u| u.name.as_deref()).map(mask_name),
        licence_class: user.and_then(|u| u.licence_class.clone()),
        points: user.map_or(0, |u| u.points),
        unread_messages: world.unread(phone),
    }
}

/// 张伟 → 张*.
fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &"*".repeat(chars.count())
}
