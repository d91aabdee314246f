//! In-app messages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use beian_contract::message::{Message, MessageList};
use beian_contract::ApiError;

use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::error::{ApiResult, Fail};
use crate::state::AppState;
use beian_contract::endpoint::{self as ep, Endpoint};

/// The caller's messages, newest first, with the unread count.
#[utoipa::path(get, path = <ep::Messages as Endpoint>::PATH, tag = "messages", security(("bearer" = [])),
    responses((status = 200, description = "Messages", body = MessageList)))]
pub async fn list_messages(
    State(state): State<AppState>,
    caller: Caller,
) -> axum::Json<MessageList> {
    let world = state.world();
    let messages = world
        .messages
        .iter()
        .rev()
        .filter(|m| m.to == caller.phone)
        .map(|m| Message {
            id: m.id.clone(),
            kind: m.kind,
            plate_number: m.plate_number.clone(),
            reason: m.reason.clone(),
            order_id: m.order_id.clone(),
            body_zh: m.body_zh.clone(),
            sent_at: rfc3339(m.sent_at),
            read: m.read,
        })
        .collect();
    axum::Json(MessageList {
        messages,
        unread: world.unread(&caller.phone),
    })
}

/// Marks a message read.
#[utoipa::path(post, path = <ep::MarkMessageRead as Endpoint>::PATH, tag = "messages", security(("bearer" = [])),
    params(("message_id" = String, Path, description = "Message id")),
    responses((status = 204, description = "Marked read"), (status = 404, description = "`not_found`", body = ApiError)))]
pub async fn mark_message_read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let mut world = state.world();
    let m = world
        .messages
        .iter_mut()
        .find(|m| m.id == id && m.to == caller.phone)
        .ok_or_else(|| Fail::not_found("message"))?;
    m.read = true;
    Ok(StatusCode::NO_CONTENT)
}
