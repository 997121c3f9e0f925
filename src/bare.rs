//! What `std` would provide in the browser, in the few lines this module
//! needs: a panic handler and a memory allocator.
//!
//! The panic handler formats nothing, so Rust's formatting machinery (and
//! every panic message) stays out of the wasm. A panic — a bug — traps; the
//! loader reports the exception on the console and, as for every failure,
//! nothing optional runs.
//!
//! The allocator hands out blocks in power-of-two size classes, taken from
//! the end of linear memory (grown as needed) and reused from one free list
//! per class. The module's allocations are few and short-lived (strings of
//! the registry and the dialog), so rounding up wastes little and nothing
//! needs coalescing. Blocks are 16-byte aligned (or their class size, if
//! smaller); a request for more is served from fresh memory whenever the
//! head of its list is not aligned enough — correct, but such blocks are
//! reused less well. Nothing in this crate asks for more than 8.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    wasm32::unreachable()
}

const PAGE: usize = 65_536;
/// Blocks of 2^3 (a free-list link) up to 2^31 bytes.
const MIN_CLASS: u32 = 3;
const CLASSES: usize = 32;

struct State {
    /// Head of each class's free list (0 = empty); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// The untouched memory between `next` and `end`.
    next: usize,
    end: usize,
}

/// The global allocator of the wasm build.
pub struct SizeClasses(UnsafeCell<State>);

// SAFETY: the module is built for wasm32 without the atomics feature, so
// there is one thread and the allocator is never entered concurrently.
unsafe impl Sync for SizeClasses {}

#[global_allocator]
static ALLOCATOR: SizeClasses = SizeClasses(UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }));

/// The size class: blocks of 2^class bytes hold `layout`.
fn class(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl State {
    /// A fresh block from the end of memory, growing it when needed.
    unsafe fn carve(&mut self, size: usize, align: usize) -> *mut u8 {
        if self.end == 0 {
            // The heap starts after the stack and static data (the linker's
            // `__heap_base`), in what is left of the initial memory.
            extern "C" {
                static __heap_base: u8;
            }
            self.next = core::ptr::addr_of!(__heap_base) as usize;
            self.end = wasm32::memory_size(0) * PAGE;
        }
        let start = (self.next + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else { return core::ptr::null_mut() };
        if stop > self.end {
            // At least 256 KiB at a time: each growth detaches the JS views
            // of memory, which the glue then rebuilds.
            let pages = (stop - self.end).div_ceil(PAGE).max(4);
            let before = wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return core::ptr::null_mut();
            }
            if before * PAGE != self.end {
                // Someone else grew memory meanwhile: start again after it.
                self.end = (before + pages) * PAGE;
                self.next = before * PAGE;
                return self.carve(size, align);
            }
            self.end += pages * PAGE;
        }
        self.next = stop;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let state = &mut *self.0.get();
        let c = class(&layout);
        if c >= CLASSES {
            return core::ptr::null_mut();
        }
        let head = state.free[c];
        if head != 0 && head % layout.align() == 0 {
            state.free[c] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1usize << c;
        state.carve(size, size.min(16).max(layout.align()))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let state = &mut *self.0.get();
        let c = class(&layout);
        *(ptr as *mut usize) = state.free[c];
        state.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&new) == class(&layout) {
            return ptr;
        }
        let fresh = self.alloc(new);
        if !fresh.is_null() {
            core::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        fresh
    }
}
