//! `/mcp` through an outside client: the official Python MCP SDK (PyPI `mcp`, which
//! `scripts/test.sh` installs into `target/venv`) runs `mcp_client.py` against the api.
//! A missing SDK is a failure, never a skip.

use crate::mcp::{self, CONTOSO_READER, READ_TOOLS};

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The Python with the MCP SDK: `MCP_CLIENT_PYTHON`, else the venv in `target/venv`.
fn python() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var_os("MCP_CLIENT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target/venv/bin/python"));
    let ready = std::process::Command::new(&python)
        .args(["-c", "import mcp, httpx2"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ready,
        "the Python MCP SDK is missing ({} cannot import mcp). Install it with \
         scripts/test.sh, or: python3 -m venv target/venv && \
         target/venv/bin/python -m pip install 'mcp>=1.10'",
        python.display()
    );
    python
}

#[tokio::test]
async fn the_python_mcp_sdk_initializes_lists_the_tools_and_reads_maturity() {
    let python = python();
    let (h, _dir, _) = mcp::start().await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let out = tokio::process::Command::new(python)
        .arg(script)
        .arg(format!("{}/mcp", h.base_url))
        .arg(CONTOSO_READER)
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the client failed: {stderr}");
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        ["2025-06-18", "2025-11-25", "2026-07-28"]
            .contains(&seen["protocol_version"].as_str().unwrap()),
        "{seen}"
    );
    assert_eq!(seen["server"], "govtrack");
    let tools = seen["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, READ_TOOLS);
    assert!(tools.iter().all(|t| t["read_only"] == true), "{seen}");
    assert_eq!(seen["maturity"]["is_error"], false);
    let route = mcp::get_json(&h, &h.base_url, "/v1/orgs/contoso/maturity", CONTOSO_READER).await;
    assert_eq!(seen["maturity"]["structured"], route);
    assert_eq!(seen["hidden"]["is_error"], true);
    let hidden = seen["hidden"]["text"][0].as_str().unwrap();
    assert!(
        hidden.contains("record_event is not available to you"),
        "{hidden}"
    );
    h.stop().await;
}
