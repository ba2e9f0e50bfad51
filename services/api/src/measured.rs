//! An organisation's key-result measurements, per key result in time order, so that
//! "the latest value up to an instant" is a binary search instead of a pass over all
//! of them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use govtrack_readmodel::read::MeasurementRow;

/// One measurement of a key result.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measure {
    at: DateTime<Utc>,
    sequence: u64,
    value: f64,
}

/// Every measurement of an organisation, per key result, ordered by
/// `(occurred_at, sequence)`: a later-applied measurement of the same instant wins.
#[derive(Debug, Clone, Default)]
pub struct Measurements {
    by_key_result: HashMap<String, Vec<Measure>>,
    len: usize,
}

impl Measurements {
    /// The index of `rows`, in any order.
    pub fn new(rows: Vec<MeasurementRow>) -> Measurements {
        let mut index = Measurements::default();
        index.extend(rows);
        index
    }

    /// Adds `rows` (in any order) and keeps each key result's list ordered.
    pub fn extend(&mut self, rows: Vec<MeasurementRow>) {
        let mut unordered: Vec<String> = Vec::new();
        for row in rows {
            let measure = Measure {
                at: row.occurred_at,
                sequence: row.sequence,
                value: row.value,
            };
            self.len += 1;
            match self.by_key_result.get_mut(&row.key_result) {
                Some(list) => {
                    if list
                        .last()
                        .is_some_and(|last| order(last) > order(&measure))
                    {
                        unordered.push(row.key_result);
                    }
                    list.push(measure);
                }
                None => {
                    self.by_key_result.insert(row.key_result, vec![measure]);
                }
            }
        }
        unordered.sort_unstable();
        unordered.dedup();
        for key in unordered {
            if let Some(list) = self.by_key_result.get_mut(&key) {
                list.sort_by_key(order);
            }
        }
    }

    /// The latest `(value, when)` of `key_result` at or before `now`.
    pub fn latest(&self, key_result: &str, now: DateTime<Utc>) -> Option<(f64, DateTime<Utc>)> {
        let list = self.by_key_result.get(key_result)?;
        let upto = list.partition_point(|m| m.at <= now);
        list[..upto].last().map(|m| (m.value, m.at))
    }

    /// The bytes held beyond the value's own size.
    pub fn heap_bytes(&self) -> usize {
        (self.by_key_result.iter())
            .map(|(k, list)| {
                // A hash table slot with its control byte, the key's text, the list.
                16 + std::mem::size_of::<(String, Vec<Measure>)>()
                    + k.capacity()
                    + std::mem::size_of::<Measure>() * list.capacity()
            })
            .sum()
    }

    /// How many measurements there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

fn order(m: &Measure) -> (DateTime<Utc>, u64) {
    (m.at, m.sequence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(kr: &str, sequence: u64, day: u32, value: f64) -> MeasurementRow {
        MeasurementRow {
            key_result: kr.to_owned(),
            sequence,
            value,
            occurred_at: Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap(),
        }
    }

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 18, 0, 0).unwrap()
    }

    #[test]
    fn the_latest_measurement_up_to_an_instant_wins_whatever_the_arrival_order() {
        let mut m = Measurements::new(vec![row("kr-1", 1, 5, 10.0), row("kr-1", 2, 9, 30.0)]);
        // A late-arriving measurement of an earlier day, and another key result.
        m.extend(vec![row("kr-1", 3, 7, 20.0), row("kr-2", 4, 8, 1.0)]);
        assert_eq!(m.len(), 4);
        assert_eq!(m.latest("kr-1", day(4)), None);
        assert_eq!(m.latest("kr-1", day(5)).map(|x| x.0), Some(10.0));
        assert_eq!(m.latest("kr-1", day(7)).map(|x| x.0), Some(20.0));
        assert_eq!(m.latest("kr-1", day(8)).map(|x| x.0), Some(20.0));
        assert_eq!(m.latest("kr-1", day(20)).map(|x| x.0), Some(30.0));
        assert_eq!(
            m.latest("kr-2", day(20)),
            Some((1.0, row("", 0, 8, 0.0).occurred_at))
        );
        assert_eq!(m.latest("kr-3", day(20)), None);
    }

    #[test]
    fn of_two_measurements_at_one_instant_the_later_applied_wins() {
        let m = Measurements::new(vec![row("kr-1", 8, 5, 2.0), row("kr-1", 3, 5, 1.0)]);
        assert_eq!(m.latest("kr-1", day(5)).map(|x| x.0), Some(2.0));
    }
}
