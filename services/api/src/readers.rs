//! The threads reads run on: a fixed set, started once, instead of tokio's blocking
//! pool.
//!
//! Each thread that allocates keeps an allocator heap of its own, and the blocking pool
//! starts a new thread whenever none is idle at the moment a read is handed over. A
//! semaphore held at eight reads at once still let the api run about sixty threads
//! under 32 clients, and its peak RSS rose by about 150 MiB at the first pass of the
//! OKR load, after the caches had been filled (`govtrack-bench read`, 1,000,000
//! events). With a fixed set, the number of heaps is the number of readers.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, mpsc};

/// A read handed to a reader thread.
type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads that run blocking reads, in the order they are handed over.
#[derive(Debug)]
pub struct Readers {
    jobs: mpsc::Sender<Job>,
}

/// Why a read did not answer.
#[derive(Debug, thiserror::Error)]
pub enum ReaderError {
    /// The read panicked; the thread goes on with the next one.
    #[error("a read panicked")]
    Panicked,
    /// No reader thread is running (none could be started).
    #[error("no reader thread is running")]
    Gone,
}

impl Readers {
    /// Starts `count` threads named `reader-N`. A thread that cannot be started is
    /// logged and left out; with none, every read answers [`ReaderError::Gone`].
    pub fn start(count: usize) -> Readers {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..count {
            let receiver = receiver.clone();
            let started = std::thread::Builder::new()
                .name(format!("reader-{n}"))
                .spawn(move || run(&receiver));
            if let Err(e) = started {
                tracing::error!(error = %e, "cannot start a reader thread");
            }
        }
        Readers { jobs: sender }
    }

    /// Runs `read` on a reader thread and waits for its answer.
    pub async fn run<T: Send + 'static>(
        &self,
        read: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ReaderError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A panicking read drops `answer`, and its caller gets `Panicked`.
            if let Ok(value) = catch_unwind(AssertUnwindSafe(read)) {
                let _ = answer.send(value);
            }
        });
        self.jobs.send(job).map_err(|_| ReaderError::Gone)?;
        answered.await.map_err(|_| ReaderError::Panicked)
    }
}

/// A reader thread: takes the next job until the sender is dropped.
fn run(jobs: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_reads_at_once_run_on_the_fixed_threads_only_and_all_answer() {
        let readers = Arc::new(Readers::start(3));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let names = Arc::new(Mutex::new(HashSet::new()));
        let reads: Vec<_> = (0..64)
            .map(|n| {
                let (readers, running, most, names) = (
                    readers.clone(),
                    running.clone(),
                    most.clone(),
                    names.clone(),
                );
                tokio::spawn(async move {
                    readers
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            let name = std::thread::current().name().map(str::to_owned);
                            names.lock().unwrap().insert(name);
                            std::thread::sleep(Duration::from_millis(2));
                            running.fetch_sub(1, Ordering::SeqCst);
                            n * 2
                        })
                        .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for read in reads {
            answers.push(read.await.unwrap().unwrap());
        }
        assert_eq!(answers, (0..64).map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 3);
        let names = names.lock().unwrap().clone();
        let expected: HashSet<_> = (0..3).map(|n| Some(format!("reader-{n}"))).collect();
        assert_eq!(names, expected);
    }

    #[tokio::test]
    async fn a_panicking_read_is_an_error_and_the_thread_serves_the_next_one() {
        let readers = Readers::start(1);
        let failed = readers.run(|| -> usize { panic!("boom") }).await;
        assert!(matches!(failed, Err(ReaderError::Panicked)));
        assert_eq!(readers.run(|| 7).await.unwrap(), 7);
    }
}
