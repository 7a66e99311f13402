//! The kiosk's allocator: the system allocator, counting the bytes in use.
//!
//! Why: the kiosk runs all day, and its end-to-end test must tell a leak from the
//! allocator's fragmentation. The wasm memory only ever grows, and how far depends on how
//! allocations interleave (frames from the socket, fetches, timers), so on a busy machine
//! it grew for two simulated hours where it levelled off after one on an idle one. The
//! bytes in use do not depend on timing: a leak makes them grow, fragmentation does not.
//! Only the kiosk bundle has it (the `kiosk` feature); measured cost 0.9 KiB gzip of wasm
//! (kiosk bundle 184,708 → 185,670 bytes gzip -9).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::wasm_bindgen;

/// Bytes handed out and not yet given back.
static IN_USE: AtomicUsize = AtomicUsize::new(0);

struct Counting;

// SAFETY: every call goes to `System` unchanged; only a counter is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            IN_USE.fetch_add(layout.size(), Relaxed);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            IN_USE.fetch_add(new_size, Relaxed);
            IN_USE.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The bytes the app holds on its heap now. Read by the kiosk's memory test through the
/// wasm instance's exports (`heap_bytes_in_use`).
#[wasm_bindgen]
pub fn heap_bytes_in_use() -> usize {
    IN_USE.load(Relaxed)
}
