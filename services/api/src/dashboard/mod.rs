//! The web dashboard: server-rendered HTML with inline SVG and one small stylesheet, no
//! script, no external font or CDN (it runs on closed networks).
//!
//! - `/` lists the organisations; `/orgs/{org}[?as_of=DATE]` shows one: the maturity
//!   grid, what is missing for each next level, the level history, OKRs, stalled and
//!   blocked initiatives, open alerts, the feeds and the latest events with who
//!   recorded them.
//! - A reader who may record for the organisation sees, on today's page, the links that
//!   open its record forms where they read ([`actions`]); after a record the page says
//!   what was recorded and which level it changed ([`notice`]). The forms themselves
//!   are [`record_form`].
//! - [`view::load`] reads everything a page needs in one read transaction;
//!   the other modules turn that data into markup, one concept each, as pure functions
//!   that the rendering tests call directly.

mod actions;
mod alerts;
mod error_page;
mod grid;
mod history_chart;
mod initiatives;
pub(crate) mod layout;
mod next_steps;
pub(crate) mod notice;
mod okrs;
mod orgs;
mod page;
pub(crate) mod record_form;
mod sources;
mod summary;
#[cfg(test)]
mod tests;
mod timeline;
mod view;
mod words;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use govtrack_auth::Caller;
use govtrack_maturity::Model;
use govtrack_readmodel::read;
use rusqlite::Connection;
use serde::Deserialize;

use self::actions::Actions;
use self::notice::Recorded;

pub(crate) use error_page::error_page;
pub use layout::SignedIn;
pub use timeline::summary as event_summary;
pub use view::{OrgView, RECENT_EVENTS, load};

use crate::as_of::parse_instant;
use crate::cache::ReadCache;
use crate::error::ApiError;
use crate::org_param::org_param;
use crate::query::{self, QueryError};
use crate::readable::keep_readable;
use crate::state::AppState;

const CSS: &str = include_str!("govtrack.css");

/// `?as_of=` of the page (an empty value, the form sent blank, means now); after a
/// record, `recorded`, `again` and `levels` ([`Recorded`]).
#[derive(Debug, Deserialize)]
pub struct AsOfParam {
    as_of: Option<String>,
    recorded: Option<String>,
    again: Option<String>,
    levels: Option<String>,
}

/// Renders the page of `org` as of `as_of` (`None`: `now`) from a read connection,
/// for `who` when someone is signed in.
pub fn render_org(
    conn: &Connection,
    model: &Model,
    org: &str,
    (as_of, now): (Option<DateTime<Utc>>, DateTime<Utc>),
    cache: &ReadCache,
    who: Option<&SignedIn>,
) -> Result<String, QueryError> {
    let at = (as_of.unwrap_or(now), as_of.is_some(), now);
    let view = load(conn, model, org, at, cache)?;
    Ok(render_view(&view, who))
}

/// The HTML of a loaded page, without links to record.
pub fn render_view(view: &OrgView, who: Option<&SignedIn>) -> String {
    page::org_page(view, who, &Actions::none(), None).into_string()
}

/// `GET /`: the organisations the caller may read.
pub async fn index(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    who: Option<Extension<SignedIn>>,
) -> Response {
    let now = state.now();
    let who = who.map(|Extension(w)| w);
    match state.read(query::orgs).await {
        Ok(list) => {
            let list = keep_readable(list, &caller);
            Html(orgs::org_list(&list, now, who.as_ref()).into_string()).into_response()
        }
        Err(e) => error_page(e, who.as_ref()),
    }
}

/// `GET /orgs/{org}[?as_of=]`.
pub async fn org(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(org): Path<String>,
    Query(params): Query<AsOfParam>,
    who: Option<Extension<SignedIn>>,
) -> Response {
    let who = who.map(|Extension(w)| w);
    match org_html(state, caller, org, params, who.clone()).await {
        Ok(html) => Html(html).into_response(),
        Err(e) => error_page(e, who.as_ref()),
    }
}

async fn org_html(
    state: AppState,
    caller: Caller,
    org: String,
    params: AsOfParam,
    who: Option<SignedIn>,
) -> Result<String, ApiError> {
    let org = org_param(org)?;
    let as_of = match params.as_of.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(value) => Some(parse_instant("as_of", value)?),
    };
    let recorded = Recorded::from_query(
        params.recorded.as_deref(),
        params.again.as_deref(),
        params.levels.as_deref(),
    );
    let now = state.now();
    let model = state.models.for_org(&org);
    let cache = state.cache.clone();
    state
        .read(move |c| {
            let view = load(
                c,
                &model,
                &org,
                (as_of.unwrap_or(now), as_of.is_some(), now),
                &cache,
            )?;
            let actions = Actions::for_caller(&caller, &org, now, view.past);
            let notice = match &recorded {
                Some(r) => {
                    let event = read::event(c, &org, r.sequence)?;
                    Some(notice::notice(r, event.as_ref(), &view.capabilities))
                }
                None => None,
            };
            Ok::<_, QueryError>(page::org_page(&view, who.as_ref(), &actions, notice).into_string())
        })
        .await
}

/// `GET /static/govtrack.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}
