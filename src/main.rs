//! Entry point of the wasm app: mounts [`lernort::App`] and nothing else.

fn main() {
    leptos::mount::mount_to_body(lernort::App);
}
