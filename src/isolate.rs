//! Running untrusted work (parsing, HTML layout) so that a panic inside it becomes an error
//! value, and the process-wide panic hook knows to stay quiet about it.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static ISOLATED: Cell<u32> = const { Cell::new(0) };
}

/// Runs `work`, turning a panic into `Err(message)`.
///
/// While it runs, `is_isolated()` is true on this thread, so the panic hook neither restores
/// the terminal (the UI goes on) nor prints over the screen.
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    ISOLATED.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(work));
    ISOLATED.with(|depth| depth.set(depth.get().saturating_sub(1)));
    result.map_err(|payload| panic_message(payload.as_ref()))
}

/// True inside `catch_panic` on the current thread.
pub fn is_isolated() -> bool {
    ISOLATED.with(|depth| depth.get() > 0)
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_and_the_flag_resets() {
        let result: Result<(), String> = catch_panic(|| {
            assert!(is_isolated());
            panic!("bad feed")
        });
        assert_eq!(result, Err("bad feed".to_string()));
        assert!(!is_isolated());
        assert_eq!(catch_panic(|| 7), Ok(7));
    }
}
