//! How the process's allocator hands memory back.

/// Big blocks (a 10 MB article's lists of suggestions and words, tens of megabytes each, made
/// afresh on every suggestions job) get pages of their own, returned to the system when freed.
/// glibc raises its mmap threshold to the size of the first such block freed (up to 32 MB),
/// after which they come from, and stay in, its heaps: a 10 MB session peaked at 667 MB instead
/// of 578. Call once, first thing in `main`.
#[allow(unsafe_code)] // The one unsafe call in the program: glibc has no safe wrapper.
pub fn return_big_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        /// Blocks of this size and more get pages of their own.
        const OWN_PAGES_FROM: i32 = 1024 * 1024;
        // SAFETY: mallopt only sets a parameter of glibc's allocator; it is called before any
        // other thread exists, and a value it refuses leaves the default in place.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
        }
    }
}
