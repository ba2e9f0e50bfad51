//! The MCP server: one tool set, resources and instructions over any [`Backend`]. A
//! [`Connect`] gives the backend of each request: the authenticated caller's view of
//! the api's state for `/mcp`, or the HTTP clients of `govtrack mcp`.

use std::borrow::Cow;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ProtocolVersion,
    ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use super::backend::{Backend, ToolError};
use super::read_tools::{self, READ_TOOLS};
use super::resources;
use super::tools::{ToolSpec, error_result};
use super::write_tools::{self, WRITE_TOOLS};

/// What the server tells a client's model about itself at `initialize`.
const INSTRUCTIONS: &str = "govtrack tracks an organisation's Power Platform adoption \
    programme as events, and derives from them its maturity per capability (levels 100 \
    Initial to 500 Efficient, after Microsoft's adoption guidance), its OKRs and its \
    stalled initiatives. Start with list_orgs to learn the organisation ids. For 'where \
    do we stand', call get_maturity; for 'what do we still need for <capability> <level>', \
    explain_next_level; for 'which initiatives went quiet', list_initiatives with \
    stalled_only. When the write tools are offered, record_event, measure_key_result and \
    check_in_initiative record what the user reports; repeating a call records nothing new.";

/// The protocol revisions served: 2025-06-18 and later.
const OLDEST: ProtocolVersion = ProtocolVersion::V_2025_06_18;

/// Finds the backend of a request.
pub trait Connect: Send + Sync + 'static {
    type Backend: Backend;
    /// The backend for the caller of `context`'s request.
    fn connect(&self, context: &RequestContext<RoleServer>) -> Result<Self::Backend, ErrorData>;
}

/// The tools and resources of govtrack over the backends of `C`.
#[derive(Clone)]
pub struct McpServer<C> {
    connect: C,
    writes: bool,
}

impl<C: Connect> McpServer<C> {
    /// A server whose write tools are offered (to callers that may write) when `writes`.
    pub fn new(connect: C, writes: bool) -> McpServer<C> {
        McpServer { connect, writes }
    }

    /// The tools `backend`'s caller is offered: the read tools, and the write tools when
    /// they are on and the caller may record for some organisation.
    fn offered(&self, backend: &C::Backend) -> impl Iterator<Item = &'static ToolSpec> {
        let writes = self.writes && backend.may_write();
        READ_TOOLS
            .iter()
            .chain(WRITE_TOOLS.iter().filter(move |_| writes))
    }
}

impl<C: Connect> ServerHandler for McpServer<C> {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .build();
        let implementation = Implementation::new("govtrack", env!("CARGO_PKG_VERSION"))
            .with_title("govtrack: adoption maturity, OKRs and stalled work");
        ServerConfig::new(capabilities)
            .with_server_info(implementation)
            .with_instructions(INSTRUCTIONS)
            .with_protocol_version(ProtocolVersion::LATEST)
    }

    fn supported_protocol_versions(&self) -> Cow<'static, [ProtocolVersion]> {
        let known = ProtocolVersion::KNOWN_VERSIONS;
        let first = known.iter().position(|v| *v == OLDEST).unwrap_or(0);
        Cow::Borrowed(&known[first..])
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let backend = self.connect.connect(&context)?;
        let tools = self.offered(&backend).map(ToolSpec::listing).collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let backend = self.connect.connect(&context)?;
        let name = request.name.as_ref();
        tracing::debug!(mcp.tool = name, "tool called");
        let output = if READ_TOOLS.iter().any(|t| t.name == name) {
            read_tools::call(&backend, name, request.arguments).await
        } else if WRITE_TOOLS.iter().any(|t| t.name == name) {
            if !self.offered(&backend).any(|t| t.name == name) {
                return Ok(error_result(&hidden(name, self.writes)).into());
            }
            write_tools::call(&backend, name, request.arguments).await
        } else {
            None
        };
        match output {
            Some(Ok(output)) => Ok(output.into_result().into()),
            Some(Err(e)) => Ok(error_result(&e).into()),
            None => Err(ErrorData::invalid_params(unknown(name), None)),
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let backend = self.connect.connect(&context)?;
        let resources = resources::list(&backend).await?;
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let backend = self.connect.connect(&context)?;
        Ok(resources::read(&backend, &request.uri).await?.into())
    }
}

/// Why a write tool that exists is not the caller's.
fn hidden(name: &str, writes: bool) -> ToolError {
    ToolError::Invalid(match writes {
        true => format!(
            "{name} is not available to you: your token may not record events for any \
             organisation"
        ),
        false => format!("{name} is not available: this server's write tools are off"),
    })
}

fn unknown(name: &str) -> String {
    let names: Vec<&str> = READ_TOOLS
        .iter()
        .chain(&WRITE_TOOLS)
        .map(|t| t.name)
        .collect();
    format!("no tool {name:?}; the tools are {}", names.join(", "))
}
