#!/bin/sh
# First step of `npm start` and `npm test`: installs what a fresh clone lacks, with one clear
# sentence when a tool the local infrastructure needs is missing. Idempotent and quick when done.
set -e
cd "$(dirname "$0")/.."

missing() { echo "Yhteispeli needs $1: $2" >&2; exit 1; }
command -v java >/dev/null 2>&1 || missing "Java 17 or newer (Kafka runs on it)" "install OpenJDK 17, e.g. apt-get install openjdk-17-jre-headless, and run again."
command -v mvn >/dev/null 2>&1 || missing "Maven (it fetches the Kafka jars)" "install it, e.g. apt-get install maven, and run again."
command -v go >/dev/null 2>&1 || missing "Go 1.24 or newer (it builds FerretDB)" "install it from your package manager and run again."

# Dependencies, and with them the Node LTS binary (the `node` package) that npm scripts then use.
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/@nestjs/core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` rather than `npm ci`: the lock file records the platform packages this registry
  # serves (Linux); `npm ci` refuses a lock without every platform's optional binaries.
  echo "Installing dependencies (npm install)..."
  npm install --no-audit --no-fund --loglevel=error
fi
