# syntax=docker/dockerfile:1
#
# One image for every Yhteispeli app. A build stage compiles the TypeScript of apps/ and libs/ to
# JavaScript in dist/ (tools/build.mjs, SWC, the aliases resolved); the image runs
# `node dist/apps/<APP>/src/main.js` with the flags `npm start` uses, no compiler loaded
# (docs/adr/012-compiled-javascript-at-run-time.md). The sources are not in the image.
#
#   docker build --build-arg APP=organisations -t yhteispeli-organisations .
#   docker run --env-file .env -e APP=villages yhteispeli-organisations   # APP can be overridden at run time
#
# APP is one of: gateway, organisations, working-groups, villages, notifications.

ARG NODE_IMAGE=node:26-bookworm-slim

# ---- dependencies: production node_modules only (@swc/core, the compiler, is one of them)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev --no-audit --no-fund

# ---- build: the same command as `npm run build`
FROM deps AS build
COPY tsconfig.base.json ./
COPY tools/build.mjs ./tools/build.mjs
COPY libs ./libs
COPY apps ./apps
RUN node tools/build.mjs

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ARG APP=gateway
ENV NODE_ENV=production \
    APP=${APP} \
    HOST=0.0.0.0 \
    LOG_LEVEL=info
WORKDIR /app

# Owned by root and read-only for the app user: the process cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist

RUN test -f "dist/apps/${APP}/src/main.js" || { echo "Unknown APP '${APP}': expected one of $(ls dist/apps | tr '\n' ' ')" >&2; exit 1; }

# The official Node image ships the unprivileged user "node" (uid 1000).
USER node

# Documented defaults; each app listens on PORT (gateway 3000, organisations 3101, working-groups 3102,
# villages 3103, notifications 3104).
EXPOSE 3000 3101 3102 3103 3104

# Liveness only (never depends on other systems). PORT falls back to the app's default port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD node -e "const d={gateway:3000,organisations:3101,'working-groups':3102,villages:3103,notifications:3104};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.APP])+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# exec: node becomes PID 1 and receives SIGTERM itself (Nest shutdown hooks close consumers, then the database).
# The flags are npm start's (SERVICE_NODE_ARGS in tools/start/services.mjs).
CMD exec node --max-semi-space-size=4 "dist/apps/${APP}/src/main.js"
