"""schemathesis hooks of the contract phase of `cargo xtask test` (see xtask/src/contract.rs)."""

import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

# Error codes that say "this request breaks the API's rules", as opposed to a refusal for a reason
# the document cannot state (a wrong code, an unknown id, a domain limit), which has its own code.
MALFORMED = {"validation", "bad_request"}


@schemathesis.check
def valid_data_not_refused_as_malformed(ctx, response, case):
    """A request the document calls valid is never answered `validation` or `bad_request`:
    every rule the server enforces on a request's shape is stated in the document."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or is_unexpected_http_status_case(case):
        return None
    if response.status_code not in (400, 422):
        return None
    try:
        error = response.json()["error"]
    except Exception:
        return None
    if error.get("code") in MALFORMED:
        raise AssertionError(
            f"Schema-valid request refused as malformed: {response.status_code} `{error.get('code')}` "
            f"(field `{error.get('field')}`): {error.get('message')}"
        )
    return None


# The user reads the SMS. A code is only ever delivered by SMS (the stub's sandbox outbox), so
# without this the chains that need one (sign in -> me, the owner's code -> filing, the handling
# code -> decisions -> payment) would stop at their first step. A schema-valid answer to one of
# the stub's challenges carries the newest code sent for that purpose; a wrong pick is answered
# `code_wrong`, as for a user who typed an old code.
PURPOSES = {"/api/session": "sign_in", "/api/filings": "owner_consent", "/api/handling": "handling"}


@schemathesis.hook
def before_call(context, case, kwargs):
    import json
    import os
    import urllib.request

    purpose = PURPOSES.get(case.path)
    body = case.body
    stub = os.environ.get("BEIAN_STUB_URL")
    if not (purpose and stub and case.method.upper() == "POST" and isinstance(body, dict)):
        return
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if not str(body.get("challenge_id", "")).startswith("c-") or "code" not in body:
        return
    with urllib.request.urlopen(f"{stub}/sandbox/sms", timeout=5) as answer:
        messages = json.load(answer)["messages"]
    codes = [m["code"] for m in messages if m.get("purpose") == purpose and m.get("code")]
    if codes:
        body["code"] = codes[-1]
