//! deploy/ agrees with the code: the compose file and the systemd units run the
//! commands that exist, set only variables those commands read, the example
//! scheduler file loads, the proxy routes what each service's OpenAPI document lists,
//! and the Power Automate connector's definition is the one the code derives. There is
//! no Docker engine here, so parsing is what is checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_govtrack");

fn deploy(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(path)
}

/// The `GOVTRACK_*` variables `govtrack COMMAND` reads, from its `--help`.
fn env_of(command: &str) -> BTreeSet<String> {
    let out = Command::new(BIN)
        .args([command, "--help"])
        .output()
        .unwrap();
    assert!(out.status.success(), "govtrack {command} --help failed");
    let help = String::from_utf8(out.stdout).unwrap();
    help.split("[env: ")
        .skip(1)
        .map(|rest| rest.split(['=', ']']).next().unwrap().to_owned())
        .collect()
}

/// Variables every process reads besides its flags.
const GLOBAL: [&str; 1] = ["GOVTRACK_LOG_FORMAT"];

fn assert_reads(command: &str, vars: &BTreeSet<String>, place: &str) {
    let known = env_of(command);
    for var in vars {
        assert!(
            known.contains(var) || GLOBAL.contains(&var.as_str()),
            "{place} sets {var}, which `govtrack {command}` does not read (it reads {known:?})"
        );
    }
}

#[test]
fn the_compose_file_runs_each_service_with_variables_it_reads() {
    let text = std::fs::read_to_string(deploy("compose.yaml")).unwrap();
    let compose: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    let services = compose["services"].as_object().expect("services");
    let names: BTreeSet<&str> = services.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["api", "ingest", "nats", "projector", "scheduler"])
    );
    for (name, service) in services.iter().filter(|(n, _)| *n != "nats") {
        let command = service["command"][0].as_str().unwrap();
        assert_eq!(command, name, "service {name} runs `govtrack {command}`");
        let vars: BTreeSet<String> = service["environment"]
            .as_object()
            .map(|e| e.keys().cloned().collect())
            .unwrap_or_default();
        assert_reads(command, &vars, &format!("compose service {name}"));
        for volume in service["volumes"].as_array().into_iter().flatten() {
            let source = volume.as_str().unwrap().split(':').next().unwrap();
            if source.starts_with("./") {
                assert!(deploy(source).exists(), "{name} mounts missing {source}");
            } else {
                assert!(
                    compose["volumes"][source].is_object(),
                    "{name}: volume {source}"
                );
            }
        }
    }
}

#[test]
fn every_systemd_unit_runs_a_command_with_variables_it_reads() {
    let mut units = Vec::new();
    for entry in std::fs::read_dir(deploy("systemd")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let exec = text
            .lines()
            .find_map(|l| l.strip_prefix("ExecStart=/usr/local/bin/govtrack "))
            .unwrap_or_else(|| panic!("{path:?} has no govtrack ExecStart"));
        let command = exec.split_whitespace().next().unwrap().to_owned();
        let vars: BTreeSet<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("Environment="))
            .map(|kv| kv.split('=').next().unwrap().to_owned())
            .collect();
        assert_reads(&command, &vars, &format!("{path:?}"));
        units.push(command);
    }
    units.sort();
    assert_eq!(units, ["api", "ingest", "projector", "scheduler"]);
}

#[test]
fn the_shared_env_file_sets_only_variables_some_service_reads() {
    let text = std::fs::read_to_string(deploy("examples/govtrack.env")).unwrap();
    let all: BTreeSet<String> = ["ingest", "projector", "api", "scheduler"]
        .iter()
        .flat_map(|c| env_of(c))
        .collect();
    for line in text.lines().map(|l| l.trim_start_matches("# ").trim()) {
        let Some((var, _)) = line.split_once('=') else {
            continue;
        };
        if var.starts_with("GOVTRACK_") && !var.contains(' ') {
            assert!(
                all.contains(var),
                "govtrack.env names {var}, which no service reads"
            );
        }
    }
}

#[test]
fn the_example_scheduler_file_loads_as_documented() {
    let path = deploy("examples/scheduler.toml");
    let dir = tempfile::tempdir().unwrap();
    let settings = govtrack_scheduler::Settings::load(dir.path(), Some(&path))
        .unwrap_or_else(|e| panic!("{path:?}: {e}"));
    assert_eq!(
        settings.jobs.len(),
        4,
        "the three built-ins and source-watch"
    );
    assert_eq!(settings.webhooks.len(), 1);
    let contoso = settings.thresholds.of("contoso");
    assert_eq!(
        (contoso.stall_factor, contoso.cadences.next_year),
        (3.0, 45)
    );
    assert_eq!(settings.thresholds.of("other").cadences.three_years, 90);
}

/// The `path` list of the Caddyfile matcher `@name`.
fn caddy_matcher(caddyfile: &str, name: &str) -> Vec<String> {
    let line = caddyfile
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&format!("@{name} path ")))
        .unwrap_or_else(|| panic!("the Caddyfile has no matcher @{name}"));
    line.split_whitespace().skip(2).map(str::to_owned).collect()
}

/// Caddy's path matching as the example uses it: exact, or a prefix ending in `*`.
fn caddy_matches(patterns: &[String], path: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => path == p,
    })
}

/// An OpenAPI path with every `{param}` filled, as a request would have it.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                out.push_str("x.y");
            }
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_example_proxy_sends_every_route_to_the_service_that_serves_it() {
    let caddyfile = std::fs::read_to_string(deploy("examples/Caddyfile")).unwrap();
    let reads = caddy_matcher(&caddyfile, "reads");
    let writes = caddy_matcher(&caddyfile, "writes");
    let private = caddy_matcher(&caddyfile, "private");
    let public = |path: &str| !private.iter().any(|p| p == path);

    let paths = |document: &serde_json::Value| -> Vec<String> {
        let paths = document["paths"].as_object().unwrap().keys();
        paths.filter(|p| public(p)).map(|p| concrete(p)).collect()
    };
    let ingest_paths = paths(&govtrack_ingest::openapi_document());
    assert!(
        ingest_paths.len() >= 8,
        "ingest's document lists {ingest_paths:?}"
    );
    for path in &ingest_paths {
        assert!(
            caddy_matches(&writes, path) && !caddy_matches(&reads, path),
            "ingest serves {path}, but deploy/examples/Caddyfile does not send it to ingest"
        );
    }

    let api_paths = paths(&govtrack_api::openapi_document());
    assert!(
        api_paths.len() >= 8,
        "the api's document lists {api_paths:?}"
    );
    for path in api_paths.iter().chain([&"/".to_owned()]) {
        assert!(
            !caddy_matches(&writes, path),
            "the read API serves {path}, but deploy/examples/Caddyfile sends it to ingest"
        );
    }
    for path in ["/healthz", "/readyz", "/metrics", "/openapi.json"] {
        assert!(
            caddy_matches(&private, path),
            "{path} is exposed by the proxy"
        );
    }
}

#[test]
fn the_image_carries_the_ca_certificates_outgoing_tls_checks_against() {
    let dockerfile = std::fs::read_to_string(deploy("Dockerfile")).unwrap();
    let runtime = dockerfile
        .rsplit("\nFROM ")
        .next()
        .expect("a runtime stage");
    assert!(
        runtime.contains("ca-certificates"),
        "the runtime stage lacks ca-certificates: {runtime}"
    );
}

/// Set to rewrite the connector's definition from the code instead of comparing:
/// `WRITE_CONNECTOR_DEFINITION=1 cargo nextest run -p govtrack connector_definition`.
const WRITE_CONNECTOR: &str = "WRITE_CONNECTOR_DEFINITION";

#[test]
fn the_connector_definition_is_the_one_derived_from_the_openapi_documents() {
    let derived = govtrack_ingest::connector_definition(&govtrack_api::openapi_document());
    let text = serde_json::to_string_pretty(&derived).unwrap() + "\n";
    let path = deploy("power-platform/connector/apiDefinition.swagger.json");
    if std::env::var_os(WRITE_CONNECTOR).is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap();
    if on_disk != text {
        let line = on_disk
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .map_or(on_disk.lines().count().min(text.lines().count()), |i| i);
        panic!(
            "{} differs from what the code derives (first at line {}: {:?} instead of {:?}); \
             rewrite it with {WRITE_CONNECTOR}=1 cargo nextest run -p govtrack connector_definition",
            path.display(),
            line + 1,
            on_disk.lines().nth(line).unwrap_or(""),
            text.lines().nth(line).unwrap_or(""),
        );
    }
}
