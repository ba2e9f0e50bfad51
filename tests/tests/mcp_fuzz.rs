//! 256 arbitrary and mutated JSON-RPC bodies on `/mcp`, with arbitrary header
//! combinations, from a seeded generator: every answer is a 2xx or a 4xx, never a 5xx,
//! a hang or a dropped connection, and the server still answers a proper call after.

use crate::mcp::{ADMIN, post_mcp};

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value, json};

/// xorshift64*: the same bodies on every run, from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// From the high half: xorshift64*'s low bits are its weakest.
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 32) % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Messages a client really sends.
fn valid() -> Vec<Value> {
    let call = |name: &str, args: Value| {
        json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call",
               "params": {"name": name, "arguments": args}})
    };
    vec![
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                          "clientInfo": {"name": "fuzz", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "ping"}),
        json!({"jsonrpc": "2.0", "id": 4, "method": "resources/templates/list"}),
        json!({"jsonrpc": "2.0", "id": 5, "method": "resources/read",
               "params": {"uri": "govtrack://models/2025"}}),
        call(
            "get_maturity",
            json!({"org": "contoso", "as_of": "2026-02-01"}),
        ),
        call(
            "explain_next_level",
            json!({"org": "contoso", "capability": "governance"}),
        ),
        call(
            "list_initiatives",
            json!({"org": "contoso", "stalled_only": true}),
        ),
        call(
            "describe_model",
            json!({"model": "2021", "capability": "support"}),
        ),
        call(
            "record_event",
            json!({"org": "contoso", "type": "training.held",
                                    "data": {"kind": "onboarding", "attendees": 3}}),
        ),
        call(
            "measure_key_result",
            json!({"org": "contoso", "key_result": "k", "value": 1}),
        ),
        call(
            "check_in_initiative",
            json!({"org": "contoso", "initiative": "i", "note": "n", "percent": 5}),
        ),
    ]
}

fn arbitrary_json(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!((rng.next() as f64) / 7.0 - 1e18),
        4 => Value::String(arbitrary_text(rng)),
        5 => (0..rng.below(4))
            .map(|_| arbitrary_json(rng, depth - 1))
            .collect(),
        _ => {
            let keys = [
                "jsonrpc",
                "id",
                "method",
                "params",
                "name",
                "arguments",
                "org",
                "uri",
                "_meta",
                "x",
            ];
            let mut map = Map::new();
            for _ in 0..rng.below(5) {
                map.insert(
                    (*rng.pick(&keys)).to_owned(),
                    arbitrary_json(rng, depth - 1),
                );
            }
            Value::Object(map)
        }
    }
}

fn arbitrary_text(rng: &mut Rng) -> String {
    let pieces = [
        "tools/call",
        "tools/list",
        "initialize",
        "contoso",
        "fabrikam",
        "get_maturity",
        "record_event",
        "../",
        "%00",
        "\u{0}",
        "é",
        "🙂",
        "govtrack://models/",
        "2025-06-18",
        "\"",
        "\\",
        " ",
        "a",
    ];
    (0..rng.below(6)).map(|_| *rng.pick(&pieces)).collect()
}

/// One of the valid messages, changed in one to three places.
fn mutated(rng: &mut Rng, messages: &[Value]) -> Value {
    let mut message = rng.pick(messages).clone();
    for _ in 0..=rng.below(3) {
        mutate(rng, &mut message, 0);
    }
    message
}

fn mutate(rng: &mut Rng, value: &mut Value, depth: u32) {
    match value {
        Value::Object(map) if !map.is_empty() && depth < 4 => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(4) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(key, arbitrary_json(rng, 2));
                }
                2 => {
                    map.insert(arbitrary_text(rng), arbitrary_json(rng, 1));
                }
                _ => mutate(rng, map.get_mut(&key).unwrap(), depth + 1),
            }
        }
        _ => *value = arbitrary_json(rng, 2),
    }
}

/// A tool call whose envelope holds and whose arguments (and perhaps tool) do not: what
/// reaches the tools themselves.
fn mutated_call(rng: &mut Rng, messages: &[Value]) -> Value {
    let calls: Vec<&Value> = messages
        .iter()
        .filter(|m| m["method"] == "tools/call")
        .collect();
    let mut message = (*rng.pick(&calls)).clone();
    if rng.below(3) == 0 {
        let other = rng.pick(&calls)["params"]["name"].clone();
        message["params"]["name"] = other;
    }
    for _ in 0..=rng.below(3) {
        mutate(rng, &mut message["params"]["arguments"], 1);
    }
    message
}

/// The body of case `i`: raw bytes, arbitrary JSON, a mutated message, a tool call with
/// mutated arguments (two cases in six), a batch, or a mutated message cut short.
fn body(rng: &mut Rng, messages: &[Value], i: usize) -> Vec<u8> {
    match i % 6 {
        0 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
        1 => arbitrary_json(rng, 4).to_string().into_bytes(),
        2 if i % 12 == 2 => mutated(rng, messages).to_string().into_bytes(),
        2 | 5 => mutated_call(rng, messages).to_string().into_bytes(),
        3 => {
            let batch: Vec<Value> = (0..rng.below(4)).map(|_| mutated(rng, messages)).collect();
            Value::Array(batch).to_string().into_bytes()
        }
        _ => {
            let mut text = mutated(rng, messages).to_string().into_bytes();
            text.truncate(rng.below(text.len() + 1));
            text
        }
    }
}

/// Headers a client might send: proper ones three times in four, so that most bodies
/// reach the JSON-RPC reader, and any of the others otherwise.
fn headers(rng: &mut Rng) -> Vec<(&'static str, &'static str)> {
    let accept = [
        "application/json, text/event-stream",
        "application/json",
        "text/event-stream",
        "*/*",
        "text/html",
    ];
    let content = [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "",
    ];
    let version = [
        "",
        "2025-06-18",
        "2025-11-25",
        "2026-07-28",
        "1999-01-01",
        "garbage",
    ];
    let proper = |rng: &mut Rng, choices: &[&'static str]| match rng.below(4) {
        0 => *rng.pick(choices),
        _ => choices[0],
    };
    let mut list = vec![("accept", proper(rng, &accept))];
    let content = proper(rng, &content);
    if !content.is_empty() {
        list.push(("content-type", content));
    }
    let version = proper(rng, &version);
    if !version.is_empty() {
        list.push(("mcp-protocol-version", version));
    }
    list
}

#[tokio::test]
async fn two_hundred_fifty_six_arbitrary_and_mutated_bodies_get_no_server_error() {
    let (h, _dir, ingest, base) = crate::mcp_writes::start_writing().await;
    let messages = valid();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let bearer = format!("Bearer {ADMIN}");
    let mut statuses = BTreeMap::new();
    let mut tool_errors = 0;
    for i in 0..256 {
        let body = body(&mut rng, &messages, i);
        let mut request = (h.http.post(format!("{base}/mcp")))
            .header("authorization", &bearer)
            .body(body.clone());
        for (name, value) in headers(&mut rng) {
            request = request.header(name, value);
        }
        let sent = tokio::time::timeout(Duration::from_secs(15), request.send()).await;
        let response = sent
            .unwrap_or_else(|_| panic!("case {i} hung: {}", String::from_utf8_lossy(&body)))
            .unwrap_or_else(|e| {
                panic!("case {i} dropped: {e}: {}", String::from_utf8_lossy(&body))
            });
        let status = response.status().as_u16();
        let answer = response.text().await.unwrap();
        assert!(
            (200..500).contains(&status),
            "case {i}: {status} {answer}\nbody: {}",
            String::from_utf8_lossy(&body)
        );
        *statuses.entry(status).or_insert(0) += 1;
        if answer.contains("\"isError\":true") {
            tool_errors += 1;
        }
    }
    println!("statuses of 256 bodies: {statuses:?}, of which tool errors: {tool_errors}");
    assert!(statuses.keys().any(|s| *s >= 400), "{statuses:?}");
    assert!(
        tool_errors >= 10,
        "too few bodies reached a tool: {tool_errors}"
    );
    let auth = [("authorization", bearer.as_str())];
    let tools = r#"{"jsonrpc":"2.0","id":9,"method":"tools/list"}"#;
    let (status, _, answer) = post_mcp(&h, &base, &auth, tools).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"explain_next_level\""), "{answer}");
    ingest.cancel();
    h.stop().await;
}
