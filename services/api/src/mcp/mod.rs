//! govtrack as an MCP server, for assistants (Copilot Studio, VS Code, Claude): the
//! read tools answer in the terms of the adoption guidance, the write tools record
//! through ingest.
//!
//! One tool set ([`server::McpServer`]) over one [`Backend`] trait, served two ways:
//! - `/mcp` on the api ([`http`]): Streamable HTTP, stateless plain JSON, behind the
//!   api's auth layer; the backend is [`LocalBackend`], the api's own reads as the
//!   authenticated caller, with writes forwarded to ingest;
//! - `govtrack mcp` over stdio: the backend is [`RemoteBackend`], the api and ingest
//!   over HTTP with a token.
//!
//! The files: [`read_tools`] and [`write_tools`] (the tools), [`tools`] (what a tool is
//! made of), [`explain`] (explain_next_level's answer), [`summary`] (the text beside
//! each JSON answer), [`ids`] (derived event ids), [`resources`], [`backend`] with
//! [`local`] and [`remote`], [`server`] and [`http`].

pub mod backend;
pub mod explain;
pub mod http;
mod ids;
pub mod local;
mod read_tools;
pub mod remote;
mod resources;
pub mod server;
mod summary;
mod tools;
mod write_tools;

pub use backend::{Backend, ToolError};
pub use local::LocalBackend;
pub use remote::RemoteBackend;
pub use server::{Connect, McpServer};
pub use write_tools::SOURCE;
