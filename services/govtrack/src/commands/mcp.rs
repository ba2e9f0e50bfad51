//! `govtrack mcp`: the api's MCP tools over stdio, for an assistant that starts a local
//! command (Claude Desktop, VS Code). The same tool set as `/mcp`, over the read API and
//! ingest reached by HTTP with the command line's token.

use std::process::ExitCode;

use anyhow::Context;
use govtrack_api::mcp::{McpServer, RemoteBackend};
use rmcp::ServiceExt;

use crate::cli::McpArgs;

pub async fn run(args: McpArgs) -> anyhow::Result<ExitCode> {
    let writes = args.mcp.writes();
    let backend = RemoteBackend::new(&args.url, &args.ingest_url, args.token, writes);
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
