//! The pages of sign-in: the no-grant page (403: who you are, what govtrack saw, what
//! to ask for), a sign-in that failed, a provider that cannot be reached, signed out.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use govtrack_auth::oidc::Principal;
use maud::{Markup, html};

use super::session::Session;
use crate::dashboard::SignedIn;
use crate::dashboard::layout::page;

/// 403 for a signed-in person whom no grant lets see `org` (`None`: anything).
pub fn no_grant(session: &Session, org: Option<&str>) -> Response {
    let identity = &session.identity;
    let who = SignedIn {
        name: identity.display_name().to_owned(),
    };
    let headline = match org {
        Some(org) => format!("You may not see {org}"),
        None => "You have no access to any organisation yet".to_owned(),
    };
    let main = html! {
        h1 { (headline) }
        p role="alert" {
            "You are signed in, but the grants file of this govtrack gives you no role"
            @if let Some(org) = org { " for " strong { (org) } }
            "."
        }
        (who_you_are(&identity.principal))
        (what_govtrack_saw(session))
        (what_to_ask_for(session, org))
        p { a href="/auth/logout" { "Sign out" } " · " a href="/" { "All organisations" } }
    };
    respond(
        StatusCode::FORBIDDEN,
        page("No access", Some(&who), html! {}, main),
    )
}

fn who_you_are(principal: &Principal) -> Markup {
    let none = || html! { span .muted { "not given" } };
    html! {
        section aria-labelledby="who" {
            h2 #who { "Who you are" }
            dl .facts {
                @match principal {
                    Principal::User { oid, name, user_name, tenant, .. } => {
                        dt { "Name" } dd { @if let Some(n) = name { (n) } @else { (none()) } }
                        dt { "User name" } dd { @if let Some(u) = user_name { (u) } @else { (none()) } }
                        dt { "Tenant" } dd { @if let Some(t) = tenant { code { (t) } } @else { (none()) } }
                        dt { "Object id" } dd { code { (oid) } }
                    }
                    Principal::App { app_id, tenant } => {
                        dt { "App" } dd { code { (app_id) } }
                        dt { "Tenant" } dd { @if let Some(t) = tenant { code { (t) } } @else { (none()) } }
                    }
                }
            }
        }
    }
}

fn what_govtrack_saw(session: &Session) -> Markup {
    let identity = &session.identity;
    let hidden = session.groups_seen.saturating_sub(identity.groups.len());
    html! {
        section aria-labelledby="saw" {
            h2 #saw { "What govtrack saw in your sign-in" }
            h3 { "Groups" }
            @if identity.groups.is_empty() {
                p { "No groups." }
            } @else {
                ul { @for g in &identity.groups { li { code { (g) } } } }
                @if hidden > 0 { p .muted { "and " (hidden) " more." } }
            }
            @if identity.groups_overage {
                p .note {
                    "Your sign-in left your groups out: you belong to more groups than a token "
                    "carries (Entra ID then sends " code { "_claim_names" } " instead of "
                    code { "groups" } "). Ask an admin to grant access by an app role, or to "
                    "assign groups to the app (Token configuration: groups assigned to the "
                    "application), so the token lists only those."
                }
            }
            h3 { "App roles" }
            @if identity.app_roles.is_empty() {
                p { "No app roles." }
            } @else {
                ul { @for r in &identity.app_roles { li { code { (r) } } } }
            }
        }
    }
}

fn what_to_ask_for(session: &Session, org: Option<&str>) -> Markup {
    let name = match &session.identity.principal {
        Principal::User { user_name, oid, .. } => user_name.clone().unwrap_or_else(|| oid.clone()),
        Principal::App { app_id, .. } => app_id.clone(),
    };
    let grant = format!(
        "[[grant]]\nuser = \"{name}\"\norgs = [\"{}\"]\nrole = \"viewer\"",
        org.unwrap_or("ORG")
    );
    html! {
        section aria-labelledby="ask" {
            h2 #ask { "What to ask for" }
            p {
                "Ask a govtrack admin for a grant in the grants file ("
                code { "GOVTRACK_ACCESS_FILE" } "): " strong { "viewer" } " to read, "
                strong { "editor" } " to record events, " strong { "admin" }
                " to manage silences and source expectations. A grant names you, one of the "
                "groups above, or an app role assigned to you, for example:"
            }
            pre { code { (grant) } }
        }
    }
}

/// A sign-in that did not complete.
pub fn sign_in_failed(status: StatusCode, message: &str) -> Response {
    let main = html! {
        h1 { "Sign-in did not complete" }
        p role="alert" { (message) }
        p { a href="/auth/login" { "Sign in again" } }
    };
    respond(status, page("Sign-in failed", None, html! {}, main))
}

/// The identity provider or its answer is at fault.
pub fn problem(status: StatusCode, message: &str) -> Response {
    let main = html! {
        h1 { "Sign-in is unavailable" }
        p role="alert" { (message) }
        p { "Try again in a moment." }
    };
    respond(status, page("Sign-in unavailable", None, html! {}, main))
}

/// After `/auth/logout`.
pub fn signed_out() -> Response {
    let main = html! {
        h1 { "You are signed out" }
        p { a href="/auth/login" { "Sign in again" } }
    };
    respond(StatusCode::OK, page("Signed out", None, html! {}, main))
}

fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}
