//! `govtrack mcp`: the api's MCP tools over stdio, for an assistant that starts a local
//! command (Claude Desktop, VS Code). The same tool set as `/mcp`, over the read API and
//! ingest reached by HTTP with the command line's token. As on `/mcp`, the write tools
//! are listed only for a token that may record somewhere (`GET /v1/me` says).

use std::process::ExitCode;

use anyhow::Context;
use govtrack_api::client::{ApiClient, ClientError};
use govtrack_api::mcp::{McpServer, RemoteBackend};
use rmcp::ServiceExt;

use crate::cli::McpArgs;

pub async fn run(args: McpArgs) -> anyhow::Result<ExitCode> {
    let writes = args.mcp.writes();
    let may_record = writes && may_record_somewhere(&args).await?;
    let backend = RemoteBackend::new(&args.url, &args.ingest_url, args.token, may_record);
    let running = McpServer::new(backend, writes)
        .serve(rmcp::transport::stdio())
        .await
        .context("while starting the MCP session on stdin and stdout")?;
    running
        .waiting()
        .await
        .context("while serving MCP on stdio")?;
    Ok(ExitCode::SUCCESS)
}

/// Whether the api lets the token record for some organisation. A token the api does
/// not accept ends the command, with the api's reason; an api that cannot say (not
/// reachable yet, or older than `/v1/me`) leaves the write tools listed, and ingest
/// decides each call.
async fn may_record_somewhere(args: &McpArgs) -> anyhow::Result<bool> {
    let api = ApiClient::new(&args.url).with_token(args.token.clone());
    match api.me().await {
        Ok(me) => Ok(me.may_record_somewhere),
        Err(e @ (ClientError::TokenRequired(_) | ClientError::TokenRefused { .. })) => {
            Err(anyhow::Error::new(e).context(format!("the api at {} says", args.url)))
        }
        Err(e) => {
            eprintln!(
                "govtrack mcp: cannot ask the api at {} what the token may do ({e}); \
                 the write tools stay listed and ingest decides each call",
                args.url
            );
            Ok(true)
        }
    }
}
