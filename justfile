# ConfiTrek's recipes. `just` is optional: each recipe calls a script in scripts/.

# Build and serve the app with the demo agency at http://127.0.0.1:8080
serve:
    scripts/serve

# Every test: unit, API on SQLite and PostgreSQL, OpenAPI check, browser
test:
    scripts/test

# Unit and API tests only
test-api:
    cargo test

# Browser tests only (builds the web app and the server first)
e2e:
    scripts/setup e2e
    scripts/build-web
    cargo build -p confitrek-api
    cd e2e && CONFITREK_BIN=../target/debug/confitrek npx playwright test

# Regenerate the committed OpenAPI document
openapi:
    cargo run -q -p confitrek-api -- openapi > openapi/openapi.json

# Regenerate the committed JSON Schema of the rule-set files
schema:
    cargo run -q -p confitrek-api -- rules schema > rules/schema.json

# Build the web app into frontend/dist
web:
    scripts/setup web
    scripts/build-web

fmt:
    cargo fmt --all

lint:
    cargo clippy --workspace --all-targets -- -D warnings
