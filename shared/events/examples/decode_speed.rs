//! How long reading one stored event takes, tree-based ([`StoredEvent::decode`] then
//! [`StoredEvent::take_typed`], with `data` re-serialised as the projector once stored
//! it) against one-pass ([`DecodedEvent::decode`]), over every type's example.
//!
//! ```text
//! cargo run --release -p govtrack-events --example decode_speed [-- EVENTS]
//! ```

use std::hint::black_box;
use std::time::Instant;

use chrono::Utc;
use govtrack_events::{
    DecodedEvent, Envelope, EventType, StoredEvent, example_data, validate_trusted,
};

fn main() {
    let events: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |n| n.parse())
        .expect("EVENTS must be a whole number");
    let now = Utc::now();
    let bodies: Vec<Vec<u8>> = EventType::ALL
        .iter()
        .map(|&t| {
            let envelope = Envelope::new(t.name(), "contoso", example_data(t));
            let event = validate_trusted(envelope, now).expect("every example is valid");
            StoredEvent::from_event(&event, now).to_bytes()
        })
        .collect();
    let mean_bytes = bodies.iter().map(Vec::len).sum::<usize>() / bodies.len();
    println!(
        "{events} decodes over the {} types' examples ({mean_bytes} bytes on average); best of 3",
        bodies.len()
    );
    let tree = best_of_3(events, &bodies, |body| {
        let mut event = StoredEvent::decode(body).expect("decodes");
        let text = event.data.to_string();
        let data = event.take_typed().expect("typed");
        black_box((event, text, data));
    });
    let one_pass = best_of_3(events, &bodies, |body| {
        black_box(DecodedEvent::decode(body).expect("decodes"));
    });
    println!("tree-based: {tree:.2} us per event");
    println!(
        "one-pass:   {one_pass:.2} us per event ({:.2} x tree-based)",
        one_pass / tree
    );
}

/// The fastest of three passes, in microseconds per event.
fn best_of_3(events: usize, bodies: &[Vec<u8>], decode: impl Fn(&[u8])) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            for body in bodies.iter().cycle().take(events) {
                decode(body);
            }
            started.elapsed().as_secs_f64() * 1e6 / events as f64
        })
        .fold(f64::INFINITY, f64::min)
}
