//! Issue 22: the app kept about 1.4 KB of its wasm heap per page change, for ever. A page's `t!()`
//! texts, effects and memos read app-wide signals (the locale above all) that outlive the page;
//! reactive_graph 0.2.16 left every dropped reader in such a signal's subscriber list (and with it
//! the reader's allocation, which the list's `Weak` keeps), and every closed page in its parent
//! owner's list of children. These tests count the heap this thread keeps after many page changes.
//!
//! A page here is what the router makes of one: a child of the app's owner, with the page's view
//! (render effects) and the effects and memos made in it; leaving it drops the view and cleans up
//! and drops the owner.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use futures::{
    executor::{LocalPool, LocalSpawner},
    task::LocalSpawnExt,
};
use reactive_graph::{
    computed::Memo,
    effect::{Effect, RenderEffect},
    owner::Owner,
    prelude::*,
    signal::ArcRwSignal,
};
use std::{
    alloc::{GlobalAlloc, Layout, System},
    cell::{Cell, RefCell},
    sync::{Arc, Mutex, MutexGuard},
};

/// Live heap bytes allocated by this thread (frees counted on the thread that frees).
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + bytes));
}

// SAFETY: every call is passed to `System` unchanged; only the sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE.with(Cell::get)
}

/// The effects' tasks run on this thread's `futures` local pool, as the app's run on the
/// browser's event loop: spawned, then run when `settle` is called.
struct ThisThread;

thread_local! {
    static POOL: RefCell<LocalPool> = RefCell::new(LocalPool::new());
    static SPAWNER: LocalSpawner = POOL.with(|pool| pool.borrow().spawner());
}

impl CustomExecutor for ThisThread {
    fn spawn(&self, fut: PinnedFuture<()>) {
        self.spawn_local(fut);
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        SPAWNER.with(|spawner| spawner.spawn_local(fut).expect("the pool is alive"));
    }

    fn poll_local(&self) {
        POOL.with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut() {
                pool.run_until_stalled();
            }
        });
    }
}

/// Runs every task that can run (first runs of `Effect`s, reruns, ends of dropped effects' tasks).
fn settle() {
    Executor::poll_local();
}

/// The reactive arena is shared by all threads: the tests take turns so that one's nodes do not
/// grow the arena while another counts.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    let _ = Executor::init_custom_executor(ThisThread);
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An open page: its owner and its view (what the router holds until the page is left).
struct Page {
    owner: Owner,
    view: (RenderEffect<u32>, RenderEffect<u32>),
}

/// Opens a page under `app` (a root owner of its own if `None`) that reads `locale` the ways a
/// page does: a text (`t!()` is a closure the view renders as a render effect), an `Effect`, and a
/// `Memo` read by the view. `seen` records what the page's text showed.
fn open_page(app: Option<&Owner>, locale: &ArcRwSignal<u32>, seen: Arc<Mutex<Vec<u32>>>) -> Page {
    let owner = app.map_or_else(Owner::new, Owner::child);
    let view = owner.with(|| {
        let text = {
            let locale = locale.clone();
            RenderEffect::new(move |_| {
                let shown = locale.get();
                seen.lock().unwrap().push(shown);
                shown
            })
        };
        let locale_for_effect = locale.clone();
        Effect::new(move |_| {
            locale_for_effect.get();
        });
        let locale_for_memo = locale.clone();
        let heading = Memo::new(move |_| locale_for_memo.get() + 1);
        let label = RenderEffect::new(move |_| heading.get());
        (text, label)
    });
    settle();
    Page { owner, view }
}

/// Leaves a page as the router does: the view goes, the owner is cleaned up and dropped.
fn close_page(page: Page) {
    let Page { owner, view } = page;
    drop(view);
    owner.cleanup();
    drop(owner);
    settle();
}

/// Live bytes this thread keeps per page change, over `pages` page changes after a warm-up.
fn kept_per_page(app: Option<&Owner>, locale: &ArcRwSignal<u32>, pages: usize) -> f64 {
    let change = || close_page(open_page(app, locale, Arc::default()));
    for _ in 0..100 {
        change();
    }
    let before = live_bytes();
    for _ in 0..pages {
        change();
    }
    let per_page = (live_bytes() - before) as f64 / pages as f64;
    println!("{per_page:.2} bytes kept per page change over {pages}");
    per_page
}

#[test]
fn page_changes_keep_no_memory_in_an_app_wide_signal() {
    let _turn = one_at_a_time();
    // Each page its own root owner: only the signal's subscriber list can keep anything.
    let locale = ArcRwSignal::new(0);
    let per_page = kept_per_page(None, &locale, 2000);
    assert!(
        per_page < 1.0,
        "{per_page:.1} bytes kept per page change (0.2.16 keeps the page's dropped readers in the \
         locale signal's subscriber list)"
    );
}

#[test]
fn page_changes_keep_no_memory_in_the_app_owner() {
    let _turn = one_at_a_time();
    // Pages are children of one long-lived owner, as under the router; this owner and this
    // signal outlive them all.
    let app = Owner::new();
    let locale = ArcRwSignal::new(0);
    let per_page = kept_per_page(Some(&app), &locale, 2000);
    assert!(
        per_page < 1.0,
        "{per_page:.1} bytes kept per page change (0.2.16 keeps each closed page in the app \
         owner's list of children)"
    );
}

#[test]
fn an_open_page_still_follows_the_locale_after_other_pages_came_and_went() {
    let _turn = one_at_a_time();
    let app = Owner::new();
    let locale = ArcRwSignal::new(0);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let open = open_page(Some(&app), &locale, Arc::clone(&seen));
    for _ in 0..300 {
        close_page(open_page(Some(&app), &locale, Arc::default()));
    }
    // A page opened after the others went, perhaps where one of theirs was in memory.
    let later_seen = Arc::new(Mutex::new(Vec::new()));
    let later = open_page(Some(&app), &locale, Arc::clone(&later_seen));

    locale.set(1);
    settle();
    locale.set(2);
    settle();

    assert_eq!(*seen.lock().unwrap(), [0, 1, 2], "the page open throughout");
    assert_eq!(
        *later_seen.lock().unwrap(),
        [0, 1, 2],
        "the page opened last"
    );
    close_page(later);
    close_page(open);
}
