//! `/mcp` on the api: the Streamable HTTP transport in its stateless, plain-JSON form
//! (one POST, one JSON answer, no session), behind the api's auth layer. The layer has
//! authenticated the request exactly as it does the JSON routes and put its [`Caller`]
//! on it; the tools read as that caller and nothing here looks at a header.
//!
//! rmcp answers only requests whose `Host` it allows (a DNS-rebinding guard): the
//! loopback names, and the host of `GOVTRACK_PUBLIC_URL` when set. A browser `Origin`
//! must then be that URL's origin.

use axum::http::request::Parts;
use govtrack_auth::Caller;
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer};

use super::local::LocalBackend;
use super::server::{Connect, McpServer};
use crate::public_url::PublicUrl;
use crate::state::AppState;

/// The largest JSON-RPC body `/mcp` reads.
const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// The hosts every api answers on `/mcp`.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// The backends of `/mcp`: the api's state as the request's caller.
#[derive(Clone)]
pub struct LocalConnect {
    state: AppState,
}

impl Connect for LocalConnect {
    type Backend = LocalBackend;

    fn connect(&self, context: &RequestContext<RoleServer>) -> Result<LocalBackend, ErrorData> {
        let caller = (context.extensions.get::<Parts>())
            .and_then(|parts| parts.extensions.get::<Caller>())
            .cloned()
            .ok_or_else(|| ErrorData::internal_error("the request has no caller", None))?;
        Ok(LocalBackend::new(self.state.clone(), caller))
    }
}

/// The `/mcp` service of `state`.
pub(crate) fn service(
    state: &AppState,
) -> StreamableHttpService<McpServer<LocalConnect>, NeverSessionManager> {
    let connect = LocalConnect {
        state: state.clone(),
    };
    let writes = state.mcp_writes;
    StreamableHttpService::new(
        move || Ok(McpServer::new(connect.clone(), writes)),
        NeverSessionManager::default().into(),
        config(state.public_url.as_ref()),
    )
}

/// Stateless JSON answers, and the hosts and origin of [`PublicUrl`].
fn config(public_url: Option<&PublicUrl>) -> StreamableHttpServerConfig {
    let mut hosts: Vec<String> = LOOPBACK_HOSTS.iter().map(|h| h.to_string()).collect();
    let mut config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(BODY_LIMIT_BYTES);
    if let Some(url) = public_url {
        hosts.push(url.host().to_owned());
        config = config.with_allowed_origins([url.origin()]);
    }
    config.with_allowed_hosts(hosts)
}
