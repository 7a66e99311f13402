# Sourced by the scripts: one environment for every step (one target dir, offline builds).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_NET_OFFLINE=true
export TRUNK_OFFLINE=true
export CHROMEDRIVER=/usr/bin/chromedriver
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
