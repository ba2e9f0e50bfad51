//! `govtrack event-types [TYPE]`: the catalogue, offline.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use govtrack_events::{EventType, describe};

use crate::cli::EventTypesArgs;

pub fn run(args: EventTypesArgs) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    match args.event_type {
        Some(name) => {
            let t = EventType::parse(&name).ok_or_else(|| {
                anyhow::anyhow!("unknown event type {name:?}; `govtrack event-types` lists them")
            })?;
            let d = describe(t);
            if args.json {
                let _ = writeln!(out, "{}", serde_json::to_string_pretty(&d)?);
            } else {
                let _ = writeln!(
                    out,
                    "{} (schema v{}){}",
                    t,
                    t.version(),
                    if t.is_reserved() {
                        ", emitted by the scheduler only"
                    } else {
                        ""
                    }
                );
                let _ = writeln!(
                    out,
                    "\ndata schema:\n{}",
                    serde_json::to_string_pretty(&d["schema"])?
                );
                let _ = writeln!(
                    out,
                    "\nexample:\n  govtrack emit {t} --org contoso --data '{}'",
                    d["example"]
                );
            }
        }
        None if args.json => {
            let all: Vec<_> = EventType::ALL.iter().map(|t| describe(*t)).collect();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&all)?);
        }
        None => {
            let _ = writeln!(out, "{:<34} {:>3}  fields", "TYPE", "V");
            for &t in EventType::ALL {
                let schema = t.data_schema();
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .collect();
                let fields: Vec<String> = schema["properties"]
                    .as_object()
                    .map(|p| {
                        p.keys()
                            .map(|k| {
                                if required.contains(&k.as_str()) {
                                    k.clone()
                                } else {
                                    format!("{k}?")
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{:<34} {:>3}  {}",
                    t.name(),
                    t.version(),
                    fields.join(", ")
                );
            }
        }
    }
    // A closed pipe (`govtrack event-types | head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}
